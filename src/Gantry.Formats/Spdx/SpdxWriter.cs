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
        var annotator = new Annotator(JsonOutput.Timestamp(timestamp), $"Tool: {ToolInfo.Name}-{ToolInfo.Version}");
        var extractedLicenses = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var name = ImageIdentity.Name(sbom.Source);

        var packages = new List<SpdxPackage> { Image(sbom.Source, name, annotator) };
        if (sbom.Distro is { } distro)
        {
            packages.Add(Distro(distro, annotator));
        }

        packages.AddRange(refs.Entries.Select(e => Package(e.Package, ids[e.Ref], annotator, extractedLicenses)));

        var relationships = new List<SpdxRelationship> { new(SpdxIds.Document, "DESCRIBES", SpdxIds.Image) };
        if (sbom.Distro is not null)
        {
            relationships.Add(new(SpdxIds.Image, "CONTAINS", SpdxIds.OperatingSystem));
        }

        relationships.AddRange(refs.Entries.Select(e => new SpdxRelationship(SpdxIds.Image, "CONTAINS", ids[e.Ref])));
        relationships.AddRange(refs.Resolve(sbom.Relationships).Select(r => r.Type switch
        {
            Relationship.DependencyOf => new SpdxRelationship(ids[r.From], "DEPENDENCY_OF", ids[r.To]),
            Relationship.OwnershipByFileOverlap => new SpdxRelationship(ids[r.From], "OTHER", ids[r.To], OwnershipComment),
            _ => new SpdxRelationship(ids[r.From], "OTHER", ids[r.To], JsonOutput.NullIfEmpty(r.Type)),
        }));

        JsonOutput.Write(
            new SpdxDocument(
                Version,
                "CC0-1.0",
                SpdxIds.Document,
                name,
                Namespace(sbom.Source),
                new SpdxCreationInfo(annotator.Date, ["Organization: Gantry", annotator.Name]),
                packages,
                extractedLicenses.Count > 0 ? extractedLicenses.Select(l => new SpdxExtractedLicense(l.Key, l.Value, l.Value)).ToList() : null,
                relationships),
            output);
    }

    /// <summary><c>https://gantry.dev/spdx/NAME-UUID</c>, the UUID (v5) derived from the image digest, or the input for dir:.</summary>
    public static string Namespace(ImageDescription image) =>
        $"https://gantry.dev/spdx/{Uri.EscapeDataString(ImageIdentity.Name(image))}-{DeterministicUuid.Create(ImageIdentity.Key(image)):D}";

    private static SpdxPackage Image(ImageDescription image, string name, Annotator annotator)
    {
        var sha256 = Digest.TryParse(image.ManifestDigest, out var digest) && digest.Algorithm == "sha256";
        return new SpdxPackage(
            name,
            SpdxIds.Image,
            JsonOutput.NullIfEmpty(ImageIdentity.Digest(image)),
            NoAssertion,
            FilesAnalyzed: false,
            Checksums: sha256 ? [new SpdxChecksum("SHA256", digest.Hex)] : null,
            ExternalRefs: sha256 ? ExternalRefs(new Purl("oci", null, name.Split('/')[^1], digest.ToString()).ToString(), []) : null,
            PrimaryPackagePurpose: image.Kind == "dir" ? "SOURCE" : "CONTAINER",
            Annotations: annotator.Annotate(GantryProperties.ForImage(image)));
    }

    private static SpdxPackage Distro(Distro distro, Annotator annotator) => new(
        distro.Id,
        SpdxIds.OperatingSystem,
        JsonOutput.NullIfEmpty(distro.VersionId),
        NoAssertion,
        FilesAnalyzed: false,
        Description: JsonOutput.NullIfEmpty(distro.PrettyName),
        PrimaryPackagePurpose: "OPERATING_SYSTEM",
        Annotations: annotator.Annotate(GantryProperties.ForDistro(distro)));

    private static SpdxPackage Package(Package package, string spdxId, Annotator annotator, SortedDictionary<string, string> extractedLicenses) => new(
        package.Name,
        spdxId,
        package.Version,
        NoAssertion,
        FilesAnalyzed: false,
        SourceInfo: package.Locations.Count > 0 ? $"acquired package info from {package.FoundBy}: {string.Join(", ", package.Locations.Select(l => l.Path))}" : null,
        LicenseConcluded: NoAssertion,
        LicenseDeclared: DeclaredLicense(package.Licenses, extractedLicenses),
        CopyrightText: NoAssertion,
        ExternalRefs: ExternalRefs(package.Purl?.ToString(), package.Cpes),
        PrimaryPackagePurpose: package.Type == PackageType.Binary ? "APPLICATION" : "LIBRARY",
        Annotations: annotator.Annotate(GantryProperties.ForPackage(package)));

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

    private static List<SpdxExternalRef>? ExternalRefs(string? purl, IReadOnlyList<string> cpes)
    {
        var refs = cpes.Select(cpe => new SpdxExternalRef("SECURITY", cpe.StartsWith("cpe:2.3:", StringComparison.Ordinal) ? "cpe23Type" : "cpe22Type", cpe)).ToList();
        if (purl is not null)
        {
            refs.Add(new SpdxExternalRef("PACKAGE-MANAGER", "purl", purl));
        }

        return refs.Count == 0 ? null : refs;
    }

    /// <summary>Gantry's facts as <c>name=value</c> annotations, by the tool, dated with the document.</summary>
    private sealed record Annotator(string Date, string Name)
    {
        public List<SpdxAnnotation>? Annotate(IEnumerable<KeyValuePair<string, string>> properties)
        {
            var annotations = properties.Select(p => new SpdxAnnotation("OTHER", Name, Date, $"{p.Key}={p.Value}")).ToList();
            return annotations.Count == 0 ? null : annotations;
        }
    }
}
