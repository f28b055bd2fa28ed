using System.Text.Json.Serialization;

namespace Gantry.Formats.CycloneDx;

/// <summary>The CycloneDX 1.6 JSON BOM as Gantry writes it (the subset of the schema it uses), in the schema's field order.</summary>
internal sealed record CycloneDxDocument(
    [property: JsonPropertyName("$schema")] string Schema,
    string BomFormat,
    string SpecVersion,
    string SerialNumber,
    int Version,
    CdxMetadata Metadata,
    IReadOnlyList<CdxComponent> Components,
    IReadOnlyList<CdxDependency>? Dependencies,
    IReadOnlyList<CdxVulnerability>? Vulnerabilities);

internal sealed record CdxMetadata(string Timestamp, CdxTools Tools, CdxComponent Component, IReadOnlyList<CdxProperty>? Properties = null);

internal sealed record CdxTools(IReadOnlyList<CdxTool> Components);

internal sealed record CdxTool(string Type, string Name, string Version);

/// <summary>The image, the distro or a package; each uses the optional fields that fit it.</summary>
internal sealed record CdxComponent(
    [property: JsonPropertyName("bom-ref")] string BomRef,
    string Type,
    string Name,
    string? Version,
    string? Description = null,
    IReadOnlyList<CdxHash>? Hashes = null,
    IReadOnlyList<CdxLicenseChoice>? Licenses = null,
    string? Cpe = null,
    string? Purl = null,
    IReadOnlyList<CdxProperty>? Properties = null,
    CdxEvidence? Evidence = null);

internal sealed record CdxHash(string Alg, string Content);

/// <summary>Either one SPDX <c>expression</c> or a <c>license</c> with an id or a name.</summary>
internal sealed record CdxLicenseChoice(string? Expression, CdxLicense? License);

internal sealed record CdxLicense(string? Id, string? Name);

internal sealed record CdxProperty(string Name, string Value);

internal sealed record CdxEvidence(IReadOnlyList<CdxOccurrence> Occurrences);

internal sealed record CdxOccurrence(string Location);

internal sealed record CdxDependency(string Ref, IReadOnlyList<string> DependsOn);

internal sealed record CdxVulnerability(
    string Id,
    CdxSource Source,
    IReadOnlyList<CdxReference>? References,
    IReadOnlyList<CdxRating> Ratings,
    IReadOnlyList<int>? Cwes,
    string? Description,
    string? Detail,
    string? Recommendation,
    IReadOnlyList<CdxAdvisory>? Advisories,
    string? Published,
    string? Updated,
    string? Rejected,
    CdxAnalysis Analysis,
    IReadOnlyList<CdxAffects> Affects,
    IReadOnlyList<CdxProperty>? Properties);

internal sealed record CdxSource(string Name);

internal sealed record CdxReference(string Id, CdxSource Source);

internal sealed record CdxRating(CdxSource Source, double? Score, string? Severity, string Method, string? Vector);

internal sealed record CdxAdvisory(string Url);

internal sealed record CdxAnalysis(string State, IReadOnlyList<string>? Response, string? Justification = null, string? Detail = null);

internal sealed record CdxAffects(string Ref, IReadOnlyList<CdxAffectedVersion> Versions);

internal sealed record CdxAffectedVersion(string Version, string Status);
