using System.Text;
using Gantry.Core;

namespace Gantry.Policy.Secrets;

/// <summary>
/// Applies content rules to file contents and to the image configuration (environment, labels, history).
/// Files over the size limit and binary files (a NUL byte in the first 8 KiB) are skipped. Findings carry
/// the match redacted: a short prefix of the secret, then asterisks.
/// </summary>
public sealed class SecretScanner(SecretRuleSet rules, int maxFileBytes = SecretScanner.DefaultMaxFileBytes)
{
    /// <summary>1 MiB: secrets live in small text files; bigger files cost time for little gain.</summary>
    public const int DefaultMaxFileBytes = 1 << 20;

    private const int BinaryProbeBytes = 8192;
    private const int VisiblePrefix = 4;

    public SecretScanner()
        : this(SecretRuleSet.AnchoreDefaults)
    {
    }

    /// <summary>True when a file of this size would be scanned: the engine buffers only those.</summary>
    public bool WantsFile(long size) => size <= maxFileBytes;

    public IReadOnlyList<SecretFinding> ScanFile(string path, ReadOnlySpan<byte> content)
    {
        if (content.Length > maxFileBytes || IsBinary(content))
        {
            return [];
        }

        return Scan(Encoding.UTF8.GetString(content), SecretSource.File, path);
    }

    /// <summary>Scans environment variables, labels and history lines of the image config.</summary>
    public IReadOnlyList<SecretFinding> ScanImageConfig(ImageConfigSummary config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var findings = new List<SecretFinding>();
        foreach (var env in config.Env)
        {
            var eq = env.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? env : env[..eq];
            findings.AddRange(Scan(env, SecretSource.Environment, name));
        }

        foreach (var (key, value) in config.Labels)
        {
            findings.AddRange(Scan($"{key}={value}", SecretSource.Label, key));
        }

        for (var i = 0; i < config.History.Count; i++)
        {
            if (config.History[i].CreatedBy is { } createdBy)
            {
                findings.AddRange(Scan(createdBy, SecretSource.History, i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        return findings;
    }

    private List<SecretFinding> Scan(string text, SecretSource source, string path)
    {
        var findings = new List<SecretFinding>();
        if (rules.GlobalAllowRules.Any(a => source == SecretSource.File && a.AllowsPath(path)))
        {
            return findings;
        }

        var lower = text.ToLowerInvariant();
        foreach (var rule in rules.Rules)
        {
            if ((rule.Keywords.Count > 0 && !rule.Keywords.Any(k => lower.Contains(k, StringComparison.Ordinal)))
                || (source == SecretSource.File && rule.Path is not null && !rule.Path.IsMatch(path))
                || (source == SecretSource.File && rule.AllowRules.Any(a => a.AllowsPath(path))))
            {
                continue;
            }

            foreach (System.Text.RegularExpressions.Match match in rule.Regex.Matches(text))
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
                findings.Add(new SecretFinding(rule.Id, rule.Title, rule.Severity, source, path, line, Redact(secret)));
            }
        }

        return findings;
    }

    /// <summary>Keeps at most four leading characters (and never more than a quarter of the value) and masks the rest.</summary>
    public static string Redact(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var visible = Math.Min(VisiblePrefix, secret.Length / 4);
        return string.Concat(secret.AsSpan(0, visible), new string('*', Math.Max(secret.Length - visible, 8)));
    }

    private static bool IsBinary(ReadOnlySpan<byte> content) =>
        content[..Math.Min(content.Length, BinaryProbeBytes)].Contains((byte)0);
}
