namespace Gantry.Core.Secrets;

/// <summary>Where a secret was found: a file, or a part of the image config.</summary>
public enum SecretSource
{
    File,
    Environment,
    Label,
    History,
}

/// <summary>
/// A secret that was found, as the SBOM records it. <see cref="RedactedMatch"/> keeps a short prefix of the secret and
/// masks the rest: the value itself never leaves the scanner.
/// </summary>
/// <param name="RuleId">The rule that matched (<c>AWS_ACCESS_KEY</c>, or a custom rule's id).</param>
/// <param name="Category">The rule's category (<c>anchore</c> for the built-in rules).</param>
/// <param name="Path">The file's path; for the config the variable name, label key or history index.</param>
/// <param name="LayerDiffId">The diffID of the layer holding the file; null for the config.</param>
/// <param name="Line">The 1-based line of the match.</param>
public sealed record SecretFinding(
    string RuleId,
    string Category,
    Severity Severity,
    string Title,
    SecretSource Source,
    string Path,
    string? LayerDiffId,
    int Line,
    string RedactedMatch)
{
    /// <summary>The location as secret_scans reports it: a file path, or <c>config:env</c>/<c>config:label</c>/<c>config:history</c>.</summary>
    public string Location => Source switch
    {
        SecretSource.File => Path,
        SecretSource.Environment => $"config:env/{Path}",
        SecretSource.Label => $"config:label/{Path}",
        _ => $"config:history/{Path}",
    };
}
