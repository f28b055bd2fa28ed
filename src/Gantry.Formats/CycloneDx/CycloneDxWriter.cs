using System.Text.Json;
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

    public static void Write(Sbom sbom, IReadOnlyList<Finding>? findings, Stream output, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(sbom);
        var refs = new PackageRefs(sbom.Packages);
        using var w = JsonOutput.Create(output);
        w.WriteStartObject();
        w.WriteString("$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json");
        w.WriteString("bomFormat", "CycloneDX");
        w.WriteString("specVersion", SpecVersion);
        w.WriteString("serialNumber", "urn:uuid:" + DeterministicUuid.Create("cyclonedx:" + ImageIdentity.Key(sbom.Source)).ToString("D"));
        w.WriteNumber("version", 1);
        WriteMetadata(w, sbom.Source, timestamp);
        w.WriteStartArray("components");
        if (sbom.Distro is { } distro)
        {
            WriteDistro(w, distro);
        }

        var relationships = refs.Resolve(sbom.Relationships);
        var owners = relationships.Where(r => r.Type == Relationship.OwnershipByFileOverlap).ToLookup(r => r.To, r => r.From);
        foreach (var (package, reference) in refs.Entries)
        {
            WriteComponent(w, package, reference, owners[reference]);
        }

        w.WriteEndArray();
        WriteDependencies(w, relationships);
        if (findings is not null)
        {
            CycloneDxVulnerabilities.Write(w, findings, refs);
        }

        w.WriteEndObject();
    }

    /// <summary>The bom-ref of the distro component.</summary>
    public static string DistroRef(Distro distro) => $"os:{distro.Id}@{distro.VersionId}";

    private static void WriteMetadata(Utf8JsonWriter w, ImageDescription image, DateTimeOffset timestamp)
    {
        w.WriteStartObject("metadata");
        w.WriteString("timestamp", JsonOutput.Timestamp(timestamp));
        w.WriteStartObject("tools");
        w.WriteStartArray("components");
        w.WriteStartObject();
        w.WriteString("type", "application");
        w.WriteString("name", ToolInfo.Name);
        w.WriteString("version", ToolInfo.Version);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();

        w.WriteStartObject("component");
        var digest = ImageIdentity.Digest(image);
        w.WriteString("bom-ref", "image:" + ImageIdentity.Key(image));
        w.WriteString("type", image.Kind == "dir" ? "file" : "container");
        w.WriteString("name", ImageIdentity.Name(image));
        w.WriteOptional("version", digest);
        if (image.ManifestDigest is { } manifest && Core.Digest.TryParse(manifest, out var parsed) && parsed.Algorithm == "sha256")
        {
            w.WriteStartArray("hashes");
            w.WriteStartObject();
            w.WriteString("alg", "SHA-256");
            w.WriteString("content", parsed.Hex);
            w.WriteEndObject();
            w.WriteEndArray();
        }

        WriteProperties(w, GantryProperties.ForImage(image));
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteDistro(Utf8JsonWriter w, Distro distro)
    {
        w.WriteStartObject();
        w.WriteString("bom-ref", DistroRef(distro));
        w.WriteString("type", "operating-system");
        w.WriteString("name", distro.Id);
        w.WriteOptional("version", distro.VersionId);
        w.WriteOptional("description", distro.PrettyName);
        WriteProperties(w, GantryProperties.ForDistro(distro));
        w.WriteEndObject();
    }

    private static void WriteComponent(Utf8JsonWriter w, Package package, string reference, IEnumerable<string> owners)
    {
        w.WriteStartObject();
        w.WriteString("bom-ref", reference);
        w.WriteString("type", package.Type == PackageType.Binary ? "application" : "library");
        w.WriteString("name", package.Name);
        w.WriteString("version", package.Version);
        WriteLicenses(w, package.Licenses);
        if (package.Cpes.Count > 0)
        {
            w.WriteString("cpe", package.Cpes[0]);
        }

        w.WriteOptional("purl", package.Purl?.ToString());
        var properties = GantryProperties.ForPackage(package)
            .Concat(package.Cpes.Skip(1).Select(c => new KeyValuePair<string, string>(GantryProperties.Cpe, c)))
            .Concat(owners.Order(StringComparer.Ordinal).Select(o => new KeyValuePair<string, string>(GantryProperties.OwnedBy, o)));
        WriteProperties(w, properties);
        if (package.Locations.Count > 0)
        {
            w.WriteStartObject("evidence");
            w.WriteStartArray("occurrences");
            foreach (var location in package.Locations)
            {
                w.WriteStartObject();
                w.WriteString("location", location.Path);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    /// <summary>
    /// SPDX ids as <c>license.id</c>, other names as <c>license.name</c>; a package with a compound expression gets one
    /// <c>expression</c> (the schema allows either a list of licenses or a single expression).
    /// </summary>
    private static void WriteLicenses(Utf8JsonWriter w, IReadOnlyList<string> licenses)
    {
        if (licenses.Count == 0)
        {
            return;
        }

        var terms = licenses.Select(LicenseTerm.Classify).ToList();
        w.WriteStartArray("licenses");
        if (terms.Any(t => t.Kind == LicenseTermKind.Expression) && terms.All(t => t.Kind != LicenseTermKind.Name))
        {
            w.WriteStartObject();
            w.WriteString("expression", terms.Count == 1 ? terms[0].Value : string.Join(" AND ", terms.Select(t => $"({t.Value})")));
            w.WriteEndObject();
        }
        else
        {
            foreach (var term in terms)
            {
                w.WriteStartObject();
                w.WriteStartObject("license");
                w.WriteString(term.Kind == LicenseTermKind.Id ? "id" : "name", term.Value);
                w.WriteEndObject();
                w.WriteEndObject();
            }
        }

        w.WriteEndArray();
    }

    /// <summary><c>dependency-of</c> edges (from is a dependency of to) become <c>to dependsOn from</c>.</summary>
    private static void WriteDependencies(Utf8JsonWriter w, IReadOnlyList<(string From, string To, string Type)> relationships)
    {
        var dependencies = relationships.Where(r => r.Type == Relationship.DependencyOf).GroupBy(r => r.To).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        if (dependencies.Count == 0)
        {
            return;
        }

        w.WriteStartArray("dependencies");
        foreach (var group in dependencies)
        {
            w.WriteStartObject();
            w.WriteString("ref", group.Key);
            w.WriteStartArray("dependsOn");
            foreach (var from in group.Select(r => r.From).Distinct().Order(StringComparer.Ordinal))
            {
                w.WriteStringValue(from);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    internal static void WriteProperties(Utf8JsonWriter w, IEnumerable<KeyValuePair<string, string>> properties)
    {
        var list = properties.ToList();
        if (list.Count == 0)
        {
            return;
        }

        w.WriteStartArray("properties");
        foreach (var (name, value) in list)
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteString("value", value);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
