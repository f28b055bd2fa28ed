namespace Gantry.Core;

/// <summary>
/// A problem with one file or entry that did not stop the scan (a corrupt status entry, a link loop,
/// a path outside the root). Codes are stable so that tools can filter on them.
/// </summary>
public sealed record Diagnostic(string Code, string Message, string? Path = null, string? LayerDiffId = null);

/// <summary>Stable diagnostic codes.</summary>
public static class DiagnosticCodes
{
    public const string UnsafePath = "unsafe-path";
    public const string LinkLoop = "link-loop";
    public const string LinkOutsideRoot = "link-outside-root";
    public const string FileTooLarge = "file-too-large";
    public const string DuplicateEntry = "duplicate-entry";
    public const string WhiteoutWithoutTarget = "whiteout-without-target";
    public const string MalformedPackageEntry = "malformed-package-entry";
    public const string MalformedFile = "malformed-file";
    public const string UnsupportedEntry = "unsupported-entry";
    public const string CatalogerFailed = "cataloger-failed";
    public const string SecretScanTimedOut = "secret-scan-timed-out";
}
