using System.Text.Json.Serialization;

namespace Gantry.Formats.Spdx;

/// <summary>The SPDX 2.3 JSON document as Gantry writes it (the subset of the schema it uses), in the schema's field order.</summary>
internal sealed record SpdxDocument(
    string SpdxVersion,
    string DataLicense,
    [property: JsonPropertyName("SPDXID")] string SpdxId,
    string Name,
    string DocumentNamespace,
    SpdxCreationInfo CreationInfo,
    IReadOnlyList<SpdxPackage> Packages,
    IReadOnlyList<SpdxExtractedLicense>? HasExtractedLicensingInfos,
    IReadOnlyList<SpdxRelationship> Relationships);

internal sealed record SpdxCreationInfo(string Created, IReadOnlyList<string> Creators);

/// <summary>The image, the distro or a package; each uses the optional fields that fit it.</summary>
internal sealed record SpdxPackage(
    string Name,
    [property: JsonPropertyName("SPDXID")] string SpdxId,
    string? VersionInfo,
    string DownloadLocation,
    bool FilesAnalyzed,
    IReadOnlyList<SpdxChecksum>? Checksums = null,
    string? Description = null,
    string? SourceInfo = null,
    string? LicenseConcluded = null,
    string? LicenseDeclared = null,
    string? CopyrightText = null,
    IReadOnlyList<SpdxExternalRef>? ExternalRefs = null,
    string? PrimaryPackagePurpose = null,
    IReadOnlyList<SpdxAnnotation>? Annotations = null);

internal sealed record SpdxChecksum(string Algorithm, string ChecksumValue);

internal sealed record SpdxExternalRef(string ReferenceCategory, string ReferenceType, string ReferenceLocator);

internal sealed record SpdxAnnotation(string AnnotationType, string Annotator, string AnnotationDate, string Comment);

internal sealed record SpdxExtractedLicense(string LicenseId, string ExtractedText, string Name);

internal sealed record SpdxRelationship(string SpdxElementId, string RelationshipType, string RelatedSpdxElement, string? Comment = null);
