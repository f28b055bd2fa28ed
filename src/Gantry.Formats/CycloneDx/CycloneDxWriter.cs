using Gantry.Core;
using Gantry.Formats.Common;

namespace Gantry.Formats.CycloneDx;

/// <summary>
/// Writes a CycloneDX 1.6 JSON BOM (docs/formats.md): the image as the metadata component, one component per package
/// (bom-ref = package id) with Gantry's layer facts as properties and evidence, the distro as an operating-system
/// component, dependencies, and the vulnerabilities section when findings are given. Deterministic apart from
/// <c>metadata.timestamp</c>.
/// </summary>
public static class CycloneDxWriter
{
    public const string SpecVersion = "1.6";

    /// <summary>
    /// Writes the BOM; <paramref name="warnings"/> (a scan's: no data for the image's distro…) become
    /// <c>gantry:warning</c> properties of the metadata, so a BOM with an empty vulnerabilities section says why.
    /// </summary>
    public static void Write(Sbom sbom, IReadOnlyList<Finding>? findings, Stream output, DateTimeOffset timestamp, IReadOnlyList<string>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(sbom);
        var refs = new PackageRefs(sbom.Packages);
        var relationships = refs.Resolve(sbom.Relationships);
        var owners = relationships.Where(r => r.Type == Relationship.OwnershipByFileOverlap).ToLookup(r => r.To, r => r.From);
        var components = new List<CdxComponent>();
        if (sbom.Distro is { } distro)
        {
            components.Add(Distro(distro));
        }

        components.AddRange(refs.Entries.Select(e => Component(e.Package, e.Ref, owners[e.Ref])));
        JsonOutput.Write(
            new CycloneDxDocument(
                "http://cyclonedx.org/schema/bom-1.6.schema.json",
                "CycloneDX",
                SpecVersion,
                "urn:uuid:" + DeterministicUuid.Create("cyclonedx:" + ImageIdentity.Key(sbom.Source)).ToString("D"),
                1,
                Metadata(sbom.Source, timestamp) with { Properties = Properties((warnings ?? []).Select(w => new KeyValuePair<string, string>(GantryProperties.Warning, w))) },
                components,
                Dependencies(relationships),
                findings is null ? null : CycloneDxVulnerabilities.From(findings, refs)),
            output);
    }

    /// <summary>The bom-ref of the distro component.</summary>
    public static string DistroRef(Distro distro) => $"os:{distro.Id}@{distro.VersionId}";

    private static CdxMetadata Metadata(ImageDescription image, DateTimeOffset timestamp)
    {
        var hashes = Core.Digest.TryParse(image.ManifestDigest, out var parsed) && parsed.Algorithm == "sha256" ? new[] { new CdxHash("SHA-256", parsed.Hex) } : null;
        var component = new CdxComponent(
            "image:" + ImageIdentity.Key(image),
            image.Kind == "dir" ? "file" : "container",
            ImageIdentity.Name(image),
            JsonOutput.NullIfEmpty(ImageIdentity.Digest(image)),
            Hashes: hashes,
            Properties: Properties(GantryProperties.ForImage(image)));
        return new CdxMetadata(JsonOutput.Timestamp(timestamp), new CdxTools([new CdxTool("application", ToolInfo.Name, ToolInfo.Version)]), component);
    }

    private static CdxComponent Distro(Distro distro) => new(
        DistroRef(distro),
        "operating-system",
        distro.Id,
        JsonOutput.NullIfEmpty(distro.VersionId),
        Description: JsonOutput.NullIfEmpty(distro.PrettyName),
        Properties: Properties(GantryProperties.ForDistro(distro)));

    private static CdxComponent Component(Package package, string reference, IEnumerable<string> owners)
    {
        var properties = GantryProperties.ForPackage(package)
            .Concat(package.Cpes.Skip(1).Select(c => new KeyValuePair<string, string>(GantryProperties.Cpe, c)))
            .Concat(owners.Order(StringComparer.Ordinal).Select(o => new KeyValuePair<string, string>(GantryProperties.OwnedBy, o)));
        return new CdxComponent(
            reference,
            package.Type == PackageType.Binary ? "application" : "library",
            package.Name,
            package.Version,
            Licenses: Licenses(package.Licenses),
            Cpe: package.Cpes.Count > 0 ? package.Cpes[0] : null,
            Purl: JsonOutput.NullIfEmpty(package.Purl?.ToString()),
            Properties: Properties(properties),
            Evidence: package.Locations.Count > 0 ? new CdxEvidence(package.Locations.Select(l => new CdxOccurrence(l.Path)).ToList()) : null);
    }

    /// <summary>
    /// SPDX ids as <c>license.id</c>, other names as <c>license.name</c>; a package with a compound expression gets one
    /// <c>expression</c> (the schema allows either a list of licenses or a single expression).
    /// </summary>
    private static List<CdxLicenseChoice>? Licenses(IReadOnlyList<string> licenses)
    {
        if (licenses.Count == 0)
        {
            return null;
        }

        var terms = licenses.Select(LicenseTerm.Classify).ToList();
        if (terms.Any(t => t.Kind == LicenseTermKind.Expression) && terms.All(t => t.Kind != LicenseTermKind.Name))
        {
            return [new CdxLicenseChoice(terms.Count == 1 ? terms[0].Value : string.Join(" AND ", terms.Select(t => $"({t.Value})")), null)];
        }

        return terms.Select(t => new CdxLicenseChoice(null, t.Kind == LicenseTermKind.Id ? new CdxLicense(t.Value, null) : new CdxLicense(null, t.Value))).ToList();
    }

    /// <summary><c>dependency-of</c> edges (from is a dependency of to) become <c>to dependsOn from</c>.</summary>
    private static List<CdxDependency>? Dependencies(IReadOnlyList<(string From, string To, string Type)> relationships)
    {
        var dependencies = relationships.Where(r => r.Type == Relationship.DependencyOf)
            .GroupBy(r => r.To)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CdxDependency(g.Key, g.Select(r => r.From).Distinct().Order(StringComparer.Ordinal).ToList()))
            .ToList();
        return dependencies.Count == 0 ? null : dependencies;
    }

    internal static List<CdxProperty>? Properties(IEnumerable<KeyValuePair<string, string>> properties)
    {
        var list = properties.Select(p => new CdxProperty(p.Key, p.Value)).ToList();
        return list.Count == 0 ? null : list;
    }
}
