using System.Text.Json;
using Gantry.Core;
using Gantry.Formats.Common;

namespace Gantry.Formats.Spdx;

/// <summary>
/// Writes an SPDX 2.3 JSON document (docs/formats.md): the image as the described root package, one package per
/// Gantry package (externalRefs purl and CPE, layer facts as annotations), CONTAINS edges from the image, and
/// dependency and ownership relationships. Deterministic apart from <c>creationInfo.created</c> (which annotations
/// reuse as their date); the namespace is a UUID v5 of the image digest.
/// </summary>
public static class SpdxWriter
{
    public const string Version = "SPDX-2.3";
    private const string NoAssertion = "NOASSERTION";

    /// <summary>The comment SPDX readers see on ownership edges; the reader recognizes it by its leading type.</summary>
    public const string OwnershipComment = Relationship.OwnershipByFileOverlap + ": the parent package's files include the location the child package was found by";

    public static void Write(Sbom sbom, Stream output, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(sbom);
        var refs = new PackageRefs(sbom.Packages);
        var ids = refs.Entries.ToDictionary(e => e.Ref, e => SpdxIds.ForPackage(e.Package, e.Ref), StringComparer.Ordinal);
        var created = JsonOutput.Timestamp(timestamp);
        var annotator = $"Tool: {ToolInfo.Name}-{ToolInfo.Version}";
        var extractedLicenses = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var name = ImageIdentity.Name(sbom.Source);

        using var w = JsonOutput.Create(output);
        w.WriteStartObject();
        w.WriteString("spdxVersion", Version);
        w.WriteString("dataLicense", "CC0-1.0");
        w.WriteString("SPDXID", SpdxIds.Document);
        w.WriteString("name", name);
        w.WriteString("documentNamespace", Namespace(sbom.Source));
        w.WriteStartObject("creationInfo");
        w.WriteString("created", created);
        w.WriteStartArray("creators");
        w.WriteStringValue("Organization: Gantry");
        w.WriteStringValue(annotator);
        w.WriteEndArray();
        w.WriteEndObject();

        w.WriteStartArray("packages");
        WriteImage(w, sbom.Source, name, created, annotator);
        if (sbom.Distro is { } distro)
        {
            WriteDistro(w, distro, created, annotator);
        }

        foreach (var (package, reference) in refs.Entries)
        {
            WritePackage(w, package, ids[reference], created, annotator, extractedLicenses);
        }

        w.WriteEndArray();

        if (extractedLicenses.Count > 0)
        {
            w.WriteStartArray("hasExtractedLicensingInfos");
            foreach (var (licenseId, text) in extractedLicenses)
            {
                w.WriteStartObject();
                w.WriteString("licenseId", licenseId);
                w.WriteString("extractedText", text);
                w.WriteString("name", text);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteStartArray("relationships");
        WriteRelationship(w, SpdxIds.Document, "DESCRIBES", SpdxIds.Image, null);
        if (sbom.Distro is not null)
        {
            WriteRelationship(w, SpdxIds.Image, "CONTAINS", SpdxIds.OperatingSystem, null);
        }

        foreach (var (_, reference) in refs.Entries)
        {
            WriteRelationship(w, SpdxIds.Image, "CONTAINS", ids[reference], null);
        }

        foreach (var (from, to, type) in refs.Resolve(sbom.Relationships))
        {
            if (type == Relationship.DependencyOf)
            {
                WriteRelationship(w, ids[from], "DEPENDENCY_OF", ids[to], null);
            }
            else if (type == Relationship.OwnershipByFileOverlap)
            {
                WriteRelationship(w, ids[from], "OTHER", ids[to], OwnershipComment);
            }
            else
            {
                WriteRelationship(w, ids[from], "OTHER", ids[to], type);
            }
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary><c>https://gantry.dev/spdx/NAME-UUID</c>, the UUID (v5) derived from the image digest, or the input for dir:.</summary>
    public static string Namespace(ImageDescription image) =>
        $"https://gantry.dev/spdx/{Uri.EscapeDataString(ImageIdentity.Name(image))}-{DeterministicUuid.Create(ImageIdentity.Key(image)):D}";

    private static void WriteImage(Utf8JsonWriter w, ImageDescription image, string name, string created, string annotator)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("SPDXID", SpdxIds.Image);
        w.WriteOptional("versionInfo", ImageIdentity.Digest(image));
        w.WriteString("downloadLocation", NoAssertion);
        w.WriteBoolean("filesAnalyzed", false);
        if (image.ManifestDigest is { } manifest && Digest.TryParse(manifest, out var digest) && digest.Algorithm == "sha256")
        {
            w.WriteStartArray("checksums");
            w.WriteStartObject();
            w.WriteString("algorithm", "SHA256");
            w.WriteString("checksumValue", digest.Hex);
            w.WriteEndObject();
            w.WriteEndArray();
            WriteExternalRefs(w, new Purl("oci", null, name.Split('/')[^1], manifest).ToString(), []);
        }

        w.WriteString("primaryPackagePurpose", image.Kind == "dir" ? "SOURCE" : "CONTAINER");
        WriteAnnotations(w, GantryProperties.ForImage(image), created, annotator);
        w.WriteEndObject();
    }

    private static void WriteDistro(Utf8JsonWriter w, Distro distro, string created, string annotator)
    {
        w.WriteStartObject();
        w.WriteString("name", distro.Id);
        w.WriteString("SPDXID", SpdxIds.OperatingSystem);
        w.WriteOptional("versionInfo", distro.VersionId);
        w.WriteString("downloadLocation", NoAssertion);
        w.WriteBoolean("filesAnalyzed", false);
        w.WriteOptional("description", distro.PrettyName);
        w.WriteString("primaryPackagePurpose", "OPERATING_SYSTEM");
        WriteAnnotations(w, GantryProperties.ForDistro(distro), created, annotator);
        w.WriteEndObject();
    }

    private static void WritePackage(Utf8JsonWriter w, Package package, string spdxId, string created, string annotator, SortedDictionary<string, string> extractedLicenses)
    {
        w.WriteStartObject();
        w.WriteString("name", package.Name);
        w.WriteString("SPDXID", spdxId);
        w.WriteString("versionInfo", package.Version);
        w.WriteString("downloadLocation", NoAssertion);
        w.WriteBoolean("filesAnalyzed", false);
        if (package.Locations.Count > 0)
        {
            w.WriteString("sourceInfo", $"acquired package info from {package.FoundBy}: {string.Join(", ", package.Locations.Select(l => l.Path))}");
        }

        w.WriteString("licenseConcluded", NoAssertion);
        w.WriteString("licenseDeclared", DeclaredLicense(package.Licenses, extractedLicenses));
        w.WriteString("copyrightText", NoAssertion);
        WriteExternalRefs(w, package.Purl?.ToString(), package.Cpes);
        w.WriteString("primaryPackagePurpose", package.Type == PackageType.Binary ? "APPLICATION" : "LIBRARY");
        WriteAnnotations(w, GantryProperties.ForPackage(package), created, annotator);
        w.WriteEndObject();
    }

    /// <summary>The licenses joined with AND; names that are not SPDX become <c>LicenseRef-</c>s listed in the document.</summary>
    private static string DeclaredLicense(IReadOnlyList<string> licenses, SortedDictionary<string, string> extractedLicenses)
    {
        if (licenses.Count == 0)
        {
            return NoAssertion;
        }

        var parts = licenses.Select(LicenseTerm.Classify).Select(term =>
        {
            switch (term.Kind)
            {
                case LicenseTermKind.Id:
                    return term.Value;
                case LicenseTermKind.Expression:
                    return licenses.Count == 1 ? term.Value : $"({term.Value})";
                default:
                    var licenseRef = SpdxIds.ForLicense(term.Value);
                    extractedLicenses[licenseRef] = term.Value;
                    return licenseRef;
            }
        });
        return string.Join(" AND ", parts.Distinct());
    }

    private static void WriteExternalRefs(Utf8JsonWriter w, string? purl, IReadOnlyList<string> cpes)
    {
        if (purl is null && cpes.Count == 0)
        {
            return;
        }

        w.WriteStartArray("externalRefs");
        foreach (var cpe in cpes)
        {
            WriteExternalRef(w, "SECURITY", cpe.StartsWith("cpe:2.3:", StringComparison.Ordinal) ? "cpe23Type" : "cpe22Type", cpe);
        }

        if (purl is not null)
        {
            WriteExternalRef(w, "PACKAGE-MANAGER", "purl", purl);
        }

        w.WriteEndArray();
    }

    private static void WriteExternalRef(Utf8JsonWriter w, string category, string type, string locator)
    {
        w.WriteStartObject();
        w.WriteString("referenceCategory", category);
        w.WriteString("referenceType", type);
        w.WriteString("referenceLocator", locator);
        w.WriteEndObject();
    }

    private static void WriteAnnotations(Utf8JsonWriter w, IEnumerable<KeyValuePair<string, string>> properties, string created, string annotator)
    {
        var list = properties.ToList();
        if (list.Count == 0)
        {
            return;
        }

        w.WriteStartArray("annotations");
        foreach (var (key, value) in list)
        {
            w.WriteStartObject();
            w.WriteString("annotationType", "OTHER");
            w.WriteString("annotator", annotator);
            w.WriteString("annotationDate", created);
            w.WriteString("comment", $"{key}={value}");
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteRelationship(Utf8JsonWriter w, string from, string type, string to, string? comment)
    {
        w.WriteStartObject();
        w.WriteString("spdxElementId", from);
        w.WriteString("relationshipType", type);
        w.WriteString("relatedSpdxElement", to);
        w.WriteOptional("comment", comment);
        w.WriteEndObject();
    }
}
