using Gantry.Core;

namespace Gantry.Images.Sources;

/// <summary>Where an image or file system comes from.</summary>
public enum SourceKind
{
    DockerArchive,
    OciDirectory,
    OciArchive,
    Directory,
    Registry,
    Sbom,
}

/// <summary>
/// A parsed source argument: <c>docker-archive:PATH</c>, <c>oci-dir:PATH</c>, <c>oci-archive:PATH</c>,
/// <c>dir:PATH</c>, <c>registry:REF</c>, <c>sbom:PATH</c>, or a bare path whose kind is detected.
/// </summary>
public sealed record SourceSpec(SourceKind Kind, string Location, string Original)
{
    private static readonly (string Prefix, SourceKind Kind)[] Schemes =
    [
        ("docker-archive:", SourceKind.DockerArchive),
        ("oci-dir:", SourceKind.OciDirectory),
        ("oci-archive:", SourceKind.OciArchive),
        ("dir:", SourceKind.Directory),
        ("registry:", SourceKind.Registry),
        ("sbom:", SourceKind.Sbom),
    ];

    public static string KindName(SourceKind kind) => kind switch
    {
        SourceKind.DockerArchive => "docker-archive",
        SourceKind.OciDirectory => "oci-dir",
        SourceKind.OciArchive => "oci-archive",
        SourceKind.Directory => "dir",
        SourceKind.Registry => "registry",
        _ => "sbom",
    };

    public static SourceSpec Parse(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidInputException("source: empty; expected docker-archive:PATH, oci-dir:PATH, oci-archive:PATH, dir:PATH, registry:REF or a path");
        }

        foreach (var (prefix, kind) in Schemes)
        {
            if (value.StartsWith(prefix, StringComparison.Ordinal))
            {
                var location = value[prefix.Length..];
                if (location.Length == 0)
                {
                    throw new InvalidInputException($"{value}: nothing after '{prefix}'");
                }

                return new SourceSpec(kind, location, value);
            }
        }

        return Detect(value);
    }

    /// <summary>A bare path: a folder with <c>oci-layout</c> is an OCI layout, another folder a root file system, a tar an archive.</summary>
    private static SourceSpec Detect(string value)
    {
        if (Directory.Exists(value))
        {
            var kind = File.Exists(Path.Combine(value, "oci-layout")) || File.Exists(Path.Combine(value, "index.json"))
                ? SourceKind.OciDirectory
                : SourceKind.Directory;
            return new SourceSpec(kind, value, value);
        }

        if (File.Exists(value))
        {
            // docker-archive reading also understands an OCI layout inside a tar, so one reader covers both.
            return new SourceSpec(SourceKind.DockerArchive, value, value);
        }

        if (LooksLikeRegistryReference(value))
        {
            return new SourceSpec(SourceKind.Registry, value, value);
        }

        throw new InvalidInputException($"{value}: no such file or folder (prefix a registry reference with 'registry:')");
    }

    /// <summary>A bare reference with a registry host (<c>host:port/repo:tag</c>, <c>host.tld/repo</c>), as Grype and Trivy accept.</summary>
    private static bool LooksLikeRegistryReference(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return false;
        }

        var host = value[..slash];
        return host.Contains('.', StringComparison.Ordinal) || host.Contains(':', StringComparison.Ordinal) || host == "localhost";
    }
}
