using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Gantry.Core;
using Gantry.Core.Secrets;

namespace Gantry.Cataloging.Secrets;

/// <summary>What one scan found, and the rules that gave up on the text (a regex timeout) as diagnostics.</summary>
public sealed record SecretScanResult(List<SecretFinding> Findings, List<Diagnostic> Diagnostics)
{
    public void Add(SecretScanResult other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Findings.AddRange(other.Findings);
        Diagnostics.AddRange(other.Diagnostics);
    }
}

/// <summary>
/// Applies content rules to file contents and to the image configuration (environment, labels, history).
/// Files over the size limit and binary files (a NUL byte in the first 8 KiB) are skipped. Findings carry
/// the match redacted: a short prefix of the secret, then asterisks. A rule whose regex times out on a text is
/// skipped for that text and reported as a diagnostic, never as a failed scan.
/// </summary>
public sealed class SecretScanner(SecretRuleSet rules, int maxFileBytes = SecretScanner.DefaultMaxFileBytes)
{
    /// <summary>1 MiB: secrets live in small text files; bigger files cost time for little gain.</summary>
    public const int DefaultMaxFileBytes = 1 << 20;

    private const int BinaryProbeBytes = 8192;
    private const int VisiblePrefix = 4;

    private readonly SecretKeywords _keywords = new(rules.Rules);

    public SecretScanner()
        : this(SecretRuleSet.AnchoreDefaults)
    {
    }

    /// <summary>True when a file of this size would be scanned.</summary>
    public bool WantsFile(long size) => size <= maxFileBytes;

    public SecretScanResult ScanFile(string path, string? layerDiffId, ReadOnlySpan<byte> content)
    {
        ArgumentNullException.ThrowIfNull(path);
        var result = new SecretScanResult([], []);
        if (content.Length <= maxFileBytes && !IsBinary(content))
        {
            // Most files hold no rule's keyword: those are searched without a string of their text.
            var origin = new Origin(SecretSource.File, path, layerDiffId);
            var applicable = Applicable(_keywords.Find(content), origin);
            if (applicable.Count > 0)
            {
                Scan(Encoding.UTF8.GetString(content), applicable, origin, result);
            }
        }

        return result;
    }

    /// <summary>Scans environment variables, labels and history lines of the image config.</summary>
    public SecretScanResult ScanImageConfig(ImageConfigSummary config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var result = new SecretScanResult([], []);
        foreach (var env in config.Env)
        {
            var eq = env.IndexOf('=', StringComparison.Ordinal);
            Scan(env, new Origin(SecretSource.Environment, eq < 0 ? env : env[..eq], null), result);
        }

        foreach (var (key, value) in config.Labels)
        {
            Scan($"{key}={value}", new Origin(SecretSource.Label, key, null), result);
        }

        for (var i = 0; i < config.History.Count; i++)
        {
            if (config.History[i].CreatedBy is { } createdBy)
            {
                Scan(createdBy, new Origin(SecretSource.History, i.ToString(CultureInfo.InvariantCulture), null), result);
            }
        }

        return result;
    }

    /// <summary>Keeps at most four leading characters (and never more than a quarter of the value) and masks the rest.</summary>
    public static string Redact(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var visible = Math.Min(VisiblePrefix, secret.Length / 4);
        return string.Concat(secret.AsSpan(0, visible), new string('*', Math.Max(secret.Length - visible, 8)));
    }

    private void Scan(string text, Origin origin, SecretScanResult result) => Scan(text, Applicable(_keywords.Find(text), origin), origin, result);

    /// <summary>The rules to run on a text from <paramref name="origin"/>: those whose keywords it holds, and for a file, whose paths it is on.</summary>
    private List<SecretRule> Applicable(SecretKeywords.Found keywords, Origin origin)
    {
        var isFile = origin.Source == SecretSource.File;
        if (isFile && rules.GlobalAllowRules.Any(a => a.AllowsPath(origin.Path)))
        {
            return [];
        }

        List<SecretRule> applicable = [];
        foreach (var rule in rules.Rules)
        {
            if (keywords.Admits(rule)
                && !(isFile && rule.Path is not null && !rule.Path.IsMatch(origin.Path))
                && !(isFile && rule.AllowRules.Any(a => a.AllowsPath(origin.Path))))
            {
                applicable.Add(rule);
            }
        }

        return applicable;
    }

    private void Scan(string text, List<SecretRule> applicable, Origin origin, SecretScanResult result)
    {
        foreach (var rule in applicable)
        {
            try
            {
                result.Findings.AddRange(Matches(text, rule, origin));
            }
            catch (RegexMatchTimeoutException)
            {
                result.Diagnostics.Add(new Diagnostic(DiagnosticCodes.SecretScanTimedOut,
                    $"'{origin.Path}': secret rule {rule.Id} took longer than {rule.Regex.MatchTimeout.TotalSeconds:0.#} s; the rule was skipped for this text",
                    origin.Path, origin.LayerDiffId));
            }
        }
    }

    /// <summary>The rule's findings in the text, all computed before any is returned so that a timeout adds none.</summary>
    private List<SecretFinding> Matches(string text, SecretRule rule, Origin origin)
    {
        var findings = new List<SecretFinding>();
        foreach (Match match in rule.Regex.Matches(text))
        {
            var group = match.Groups[rule.SecretGroupName];
            var secret = group.Success ? group.Value : match.Value;
            if (secret.Length == 0
                || rule.AllowRules.Any(a => a.AllowsMatch(match.Value))
                || rules.GlobalAllowRules.Any(a => a.AllowsMatch(match.Value)))
            {
                continue;
            }

            var line = 1 + text.AsSpan(0, match.Index).Count('\n');
            findings.Add(new SecretFinding(rule.Id, rule.Category, rule.Severity, rule.Title, origin.Source, origin.Path, origin.LayerDiffId, line, Redact(secret)));
        }

        return findings;
    }

    private static bool IsBinary(ReadOnlySpan<byte> content) =>
        content[..Math.Min(content.Length, BinaryProbeBytes)].Contains((byte)0);

    private sealed record Origin(SecretSource Source, string Path, string? LayerDiffId);
}
