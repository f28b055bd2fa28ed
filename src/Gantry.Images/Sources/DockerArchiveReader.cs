using System.Text.RegularExpressions;
using Gantry.Core;
using Gantry.Images.Blobs;
using Gantry.Images.Oci;

namespace Gantry.Images.Sources;

/// <summary>
/// Reads a <c>docker save</c> archive (<c>manifest.json</c> with config and layer paths). Docker 25+
/// also writes an OCI layout into the tar; when <c>index.json</c> is present without a usable
/// manifest.json, the OCI reader takes over.
/// </summary>
internal static partial class DockerArchiveReader
{
    public static ContainerImage Read(TarArchiveStore store, SourceSpec source, ImageSelector selector)
    {
        if (!store.Exists("manifest.json"))
        {
            if (store.Exists("index.json"))
            {
                return OciLayoutReader.Read(store, source, selector);
            }

            throw new InvalidInputException($"{store.DisplayName}: not an image archive (no manifest.json or index.json)");
        }

        var entries = ManifestLoader.Deserialize(ManifestLoader.ReadSmallFile(store, "manifest.json", "manifest.json"),
            OciJsonContext.Default.ListDockerArchiveManifestEntry, $"{store.DisplayName}: manifest.json");
        if (entries.Count == 0)
        {
            throw new InvalidInputException($"{store.DisplayName}: manifest.json lists no image");
        }

        var entry = Choose(store, entries, selector);
        var configBytes = ManifestLoader.ReadSmallFile(store, entry.Config, $"config '{entry.Config}'");
        var configDigest = Digest.Sha256(configBytes);
        if (DigestFromName(entry.Config) is { } named && named != configDigest)
        {
            throw new InvalidInputException($"{store.DisplayName}: config {named}: digest mismatch (content hashes to {configDigest})");
        }

        var config = ManifestLoader.ParseConfig(configBytes, $"{store.DisplayName}: config '{entry.Config}'");
        var blobs = new List<OciDescriptor>();
        foreach (var layerPath in entry.Layers)
        {
            var length = store.GetLength(layerPath);
            if (length < 0)
            {
                throw new InvalidInputException($"{store.DisplayName}: layer '{layerPath}' named by manifest.json is missing");
            }

            // Only names that are content digests can be checked as blob digests; docker's legacy
            // "<v1-id>/layer.tar" is not one, and its diffID check covers the content instead.
            blobs.Add(new OciDescriptor { Digest = DigestFromName(layerPath)?.ToString() ?? string.Empty, Size = length });
        }

        var (description, layers) = ManifestLoader.Describe(source, blobs, config, manifestDigest: null,
            manifestMediaType: MediaTypes.DockerManifest, configDigest.ToString(), entry.RepoTags ?? [], annotations: null);
        return new ContainerImage(description, config, layers,
            (layer, _) => Task.FromResult(store.Open(entry.Layers[layer.Index])), store);
    }

    internal static DockerArchiveManifestEntry Choose(TarArchiveStore store, List<DockerArchiveManifestEntry> entries, ImageSelector selector)
    {
        if (selector.Name is null)
        {
            if (entries.Count > 1)
            {
                throw new InvalidInputException($"{store.DisplayName}: holds {entries.Count} images, choose one with --image: {string.Join(", ", entries.Select(Name))}");
            }

            return entries[0];
        }

        return entries.FirstOrDefault(e => (e.RepoTags ?? []).Any(selector.NameMatches) || e.Config.Contains(selector.Name.Replace("sha256:", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal))
            ?? throw new InvalidInputException($"{store.DisplayName}: no image '{selector.Name}' here; it holds {string.Join(", ", entries.Select(Name))}");
    }

    private static string Name(DockerArchiveManifestEntry e) => e.RepoTags is { Count: > 0 } tags ? string.Join("/", tags) : e.Config;

    /// <summary><c>HEX.tar</c>, <c>HEX.json</c> or <c>blobs/sha256/HEX</c>: a name that is the content's sha256.</summary>
    internal static Digest? DigestFromName(string path)
    {
        var match = DigestName().Match(path);
        return match.Success && Digest.TryParse("sha256:" + match.Groups[1].Value, out var d) ? d : null;
    }

    [GeneratedRegex("^(?:blobs/sha256/)?([0-9a-f]{64})(?:\\.tar|\\.json)?$")]
    private static partial Regex DigestName();
}
