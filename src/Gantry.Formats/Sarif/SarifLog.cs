using System.Text.Json.Serialization;

namespace Gantry.Formats.Sarif;

/// <summary>
/// The SARIF 2.1.0 log as Gantry writes it for scans and for policy evaluations (the subset of the schema they use).
/// Property bags are typed: each writer fills the fields of its own kind of result.
/// </summary>
internal sealed record SarifLog([property: JsonPropertyName("$schema")] string Schema, string Version, IReadOnlyList<SarifRun> Runs)
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    public static SarifLog Of(SarifRun run) => new(SchemaUri, "2.1.0", [run]);
}

internal sealed record SarifRun(SarifTool Tool, IReadOnlyList<SarifInvocation>? Invocations, IReadOnlyList<SarifResult> Results);

internal sealed record SarifTool(SarifDriver Driver);

internal sealed record SarifDriver(string Name, string Version, string InformationUri, IReadOnlyList<SarifRule> Rules);

internal sealed record SarifRule(
    string Id,
    string? Name,
    SarifMessage ShortDescription,
    SarifMessage? FullDescription,
    string? HelpUri = null,
    SarifRuleProperties? Properties = null);

internal sealed record SarifRuleProperties([property: JsonPropertyName("security-severity")] string SecuritySeverity, IReadOnlyList<string> Tags);

internal sealed record SarifMessage(string Text);

/// <summary>A run's invocation; a scan gives only its notifications (the warnings of the report), an evaluation all of it.</summary>
internal sealed record SarifInvocation(
    bool ExecutionSuccessful,
    string? EndTimeUtc,
    IReadOnlyList<SarifNotification> ToolExecutionNotifications,
    SarifInvocationProperties? Properties);

internal sealed record SarifNotification(string Level, SarifMessage Message);

internal sealed record SarifInvocationProperties(string Image, string FinalAction, string FinalActionReason, string BundleId);

internal sealed record SarifResult(
    string RuleId,
    int? RuleIndex,
    string Level,
    SarifMessage Message,
    IReadOnlyList<SarifLocation> Locations,
    SarifFingerprints? PartialFingerprints,
    IReadOnlyList<SarifSuppression>? Suppressions,
    SarifResultProperties Properties);

internal sealed record SarifLocation(SarifPhysicalLocation PhysicalLocation, IReadOnlyList<SarifLogicalLocation>? LogicalLocations = null);

internal sealed record SarifPhysicalLocation(SarifArtifactLocation ArtifactLocation);

internal sealed record SarifArtifactLocation(string Uri);

internal sealed record SarifLogicalLocation(string Name, string Kind);

internal sealed record SarifFingerprints([property: JsonPropertyName("gantryTriggerId/v1")] string TriggerId);

internal sealed record SarifSuppression(string Kind, string Justification);

/// <summary>A scan result fills the package fields, a policy result the gate fields.</summary>
internal sealed record SarifResultProperties
{
    public string? Package { get; init; }

    public string? LayerDiffId { get; init; }

    public string? MatchType { get; init; }

    public string? Namespace { get; init; }

    /// <summary>Go findings: <c>reachable</c>, <c>unreachable</c> or <c>unknown</c> (docs/scan.md).</summary>
    public string? Reachability { get; init; }

    public string? Gate { get; init; }

    public string? Trigger { get; init; }

    public string? TriggerId { get; init; }

    public string? Action { get; init; }

    public string? PolicyId { get; init; }

    public string? RuleId { get; init; }
}
