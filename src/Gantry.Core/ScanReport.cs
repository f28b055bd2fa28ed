namespace Gantry.Core;

/// <summary>The result of <c>gantry scan</c>: the SBOM, every finding (suppressed ones included) and the database used.</summary>
public sealed record ScanReport
{
    public required Sbom Sbom { get; init; }

    public IReadOnlyList<ReportedFinding> Findings { get; init; } = [];

    public required DatabaseDescription Database { get; init; }

    /// <summary>The layers counted as the base image's (diffIDs), empty when the split is unknown.</summary>
    public IReadOnlyList<string> BaseLayers { get; init; } = [];

    /// <summary>The base image as its annotation names it (<c>name@digest</c>), when present.</summary>
    public string? BaseImage { get; init; }

    /// <summary>What gave <see cref="BaseLayers"/>: <c>--base-layers</c> or <c>annotation</c>; null when the split is unknown.</summary>
    public string? BaseLayersFrom { get; init; }

    /// <summary>Things the user should act on: expired ignore rules, VEX statements that matched nothing known.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Problems met while matching (see the matcher diagnostics).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];

    public IEnumerable<ReportedFinding> Active => Findings.Where(f => f.Suppression is null);
}

/// <summary>One finding as reported: whether it is suppressed and by what, and which part of the image brought it.</summary>
public sealed record ReportedFinding(Finding Finding, Suppression? Suppression, LayerOrigin Origin)
{
    /// <summary>How to fix it, derived from the fix and the layer's origin (so every output gives the same advice).</summary>
    public Remediation Remediation => Remediation.For(Finding, Origin);
}

/// <summary>Where a finding's package came from: its layer, that layer's history line, and whether the base image holds it.</summary>
public sealed record LayerOrigin(string DiffId, string? CreatedBy, bool InBaseImage);

/// <summary>Why a finding does not count: an ignore rule, a VEX statement or <c>--only-fixed</c>.</summary>
/// <param name="Kind">ignore-rule, vex or only-fixed.</param>
/// <param name="Rule">The rule or statement, in words (for a VEX statement: its status and justification).</param>
/// <param name="Reason">The reason the user wrote, or the VEX impact statement.</param>
public sealed record Suppression(string Kind, string Rule, string? Reason)
{
    public const string IgnoreRule = "ignore-rule";
    public const string Vex = "vex";
    public const string OnlyFixed = "only-fixed";
}

/// <summary>The vulnerability database a scan used.</summary>
public sealed record DatabaseDescription(string Path, int SchemaVersion, DateTimeOffset? Built);
