using System.Globalization;
using Gantry.Core;
using Gantry.Formats.Common;

namespace Gantry.Formats.Readers;

/// <summary>
/// What a CycloneDX component or SPDX package says about one package, turned into a <see cref="Package"/>: Gantry's
/// own <c>gantry:</c> properties when the document came from Gantry, else type, name and version from the purl.
/// </summary>
internal sealed record PackageFacts
{
    public string? Name { get; init; }

    public string? Version { get; init; }

    public string? Purl { get; init; }

    public IReadOnlyList<string> Cpes { get; init; } = [];

    public IReadOnlyList<string> Licenses { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> Properties { get; init; } = [];

    /// <summary>Paths from the format's own evidence, used when there are no Gantry location properties.</summary>
    public IReadOnlyList<string> EvidencePaths { get; init; } = [];

    public Package? ToPackage(string defaultFoundBy)
    {
        var purl = Core.Purl.TryParse(Purl, out var parsed) ? parsed : null;
        var gantryType = Property(GantryProperties.PackageType);
        var name = gantryType is not null ? Name : (purl is null ? null : NameFromPurl(purl)) ?? Name;
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        var locations = Properties
            .Where(p => p.Key.StartsWith(GantryProperties.LocationPrefix, StringComparison.Ordinal) && p.Key.EndsWith(":path", StringComparison.Ordinal))
            .Select(p => (Index: p.Key[GantryProperties.LocationPrefix.Length..^":path".Length], Path: p.Value))
            .Select(l => new Location(l.Path, Property($"{GantryProperties.LocationPrefix}{l.Index}:layerDiffId") ?? string.Empty))
            .ToList();
        if (locations.Count == 0)
        {
            locations = EvidencePaths.Select(p => new Location(p, string.Empty)).ToList();
        }

        return new Package
        {
            Name = name,
            Version = Version ?? purl?.Version ?? string.Empty,
            Type = gantryType is not null ? PackageTypeNames.FromWireName(gantryType) : Ecosystems.FromPurlType(purl?.Type),
            Purl = purl,
            FoundBy = Property(GantryProperties.FoundBy) ?? defaultFoundBy,
            LayerDiffId = Property(GantryProperties.LayerDiffId) ?? string.Empty,
            RemovedByLayerDiffId = Property(GantryProperties.RemovedByLayerDiffId),
            Locations = locations,
            Licenses = Licenses,
            Cpes = Cpes.Concat(Values(GantryProperties.Cpe)).Distinct().ToList(),
            Metadata = Properties
                .Where(p => p.Key.StartsWith(GantryProperties.MetadataPrefix, StringComparison.Ordinal))
                .GroupBy(p => p.Key[GantryProperties.MetadataPrefix.Length..], StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal),
        };
    }

    public string? Property(string name) => Properties.FirstOrDefault(p => p.Key == name).Value;

    public IEnumerable<string> Values(string name) => Properties.Where(p => p.Key == name).Select(p => p.Value);

    /// <summary>Ecosystems whose package name includes the namespace (npm scopes, Go module paths); elsewhere the name alone.</summary>
    private static string NameFromPurl(Purl purl) =>
        purl.Namespace is not null && purl.Type is "npm" or "golang" ? $"{purl.Namespace}/{purl.Name}" : purl.Name;

    /// <summary>The image as Gantry's <c>gantry:source:*</c> / <c>gantry:image:*</c> properties describe it.</summary>
    public static ImageDescription ImageFrom(IReadOnlyList<KeyValuePair<string, string>> properties, string input, string? fallbackDigest)
    {
        var facts = new PackageFacts { Properties = properties };
        var layers = properties
            .Where(p => p.Key.StartsWith(GantryProperties.LayerPrefix, StringComparison.Ordinal))
            .Select(p => (Parts: p.Key[GantryProperties.LayerPrefix.Length..].Split(':', 2), p.Value))
            .Where(p => p.Parts.Length == 2 && int.TryParse(p.Parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .GroupBy(p => int.Parse(p.Parts[0], CultureInfo.InvariantCulture))
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                string? Field(string field) => g.FirstOrDefault(p => p.Parts[1] == field).Value;
                return new LayerDescription
                {
                    Index = g.Key,
                    Digest = Field("digest") ?? string.Empty,
                    DiffId = Field("diffId") ?? string.Empty,
                    Size = long.TryParse(Field("size"), NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : 0,
                    MediaType = Field("mediaType"),
                    CreatedBy = Field("createdBy"),
                };
            })
            .ToList();
        return new ImageDescription
        {
            Input = input,
            Kind = "sbom",
            ManifestDigest = facts.Property(GantryProperties.ManifestDigest) ?? (facts.Property(GantryProperties.SourceKind) is null ? fallbackDigest : null),
            ConfigDigest = facts.Property(GantryProperties.ConfigDigest),
            Tags = facts.Values(GantryProperties.Tag).ToList(),
            Architecture = facts.Property(GantryProperties.Architecture),
            Os = facts.Property(GantryProperties.Os),
            Layers = layers,
        };
    }

    public static Distro DistroFrom(string id, string? version, string? prettyName, IReadOnlyList<KeyValuePair<string, string>> properties)
    {
        var facts = new PackageFacts { Properties = properties };
        return new Distro
        {
            Id = id.ToLowerInvariant(),
            VersionId = version ?? string.Empty,
            PrettyName = prettyName,
            VersionCodename = facts.Property(GantryProperties.DistroCodename),
            IdLike = facts.Values(GantryProperties.DistroIdLike).ToList(),
            Source = facts.Property(GantryProperties.DistroSource),
        };
    }

    /// <summary>The distro from the first OS package purl's <c>distro=</c> qualifier (<c>debian-12</c>, <c>alpine-3.19.1</c>).</summary>
    public static Distro? DistroFromPurls(IEnumerable<Package> packages)
    {
        foreach (var package in packages.Where(p => p.Type.IsOsPackage()))
        {
            if (package.Purl?.Qualifiers.GetValueOrDefault("distro") is not { } distro)
            {
                continue;
            }

            for (var i = 1; i < distro.Length - 1; i++)
            {
                if (distro[i] == '-' && char.IsAsciiDigit(distro[i + 1]))
                {
                    return new Distro { Id = distro[..i].ToLowerInvariant(), VersionId = distro[(i + 1)..] };
                }
            }

            return new Distro { Id = distro.ToLowerInvariant() };
        }

        return null;
    }
}
