using System.Text.Json;
using Gantry.Core;
using Gantry.Core.Secrets;
using Gantry.Formats.Common;
using Gantry.Formats.Readers;

namespace Gantry.Formats.Secrets;

/// <summary>
/// One entry of the <c>secrets</c> array of the native SBOM and of the scan JSON (docs/sbom-json.md); the match is
/// always redacted as the scanner left it.
/// </summary>
internal sealed record SecretJson(
    string RuleId, string Category, string Severity, string Title, string Source, string Path, string? LayerDiffId, int Line, string Match)
{
    public static IReadOnlyList<SecretJson> From(IReadOnlyList<SecretFinding> secrets) =>
        secrets.Select(s => new SecretJson(
            s.RuleId, s.Category, s.Severity.ToString().ToLowerInvariant(), s.Title, SecretsJson.SourceName(s.Source), s.Path, s.LayerDiffId, s.Line,
            s.RedactedMatch)).ToList();
}

/// <summary>Reads the <c>secrets</c> array back; the names of a finding's source as documents spell them.</summary>
internal static class SecretsJson
{
    /// <summary>The findings of a document's <c>secrets</c> array; entries without a rule, path or match are skipped.</summary>
    internal static List<SecretFinding> Read(JsonElement root) =>
        root.Array("secrets")
            .Where(s => s.Str("ruleId") is not null && s.Str("path") is not null && s.Str("match") is not null)
            .Select(s => new SecretFinding(
                s.Str("ruleId")!,
                s.Str("category") ?? string.Empty,
                Enum.TryParse<Severity>(s.Str("severity"), ignoreCase: true, out var severity) ? severity : Severity.Unknown,
                s.Str("title") ?? string.Empty,
                Enum.GetValues<SecretSource>().FirstOrDefault(v => SourceName(v) == s.Str("source")),
                s.Str("path")!,
                s.Str("layerDiffId"),
                (int)s.Long("line"),
                s.Str("match")!))
            .ToList();

    public static string SourceName(SecretSource source) => source switch
    {
        SecretSource.Environment => "env",
        SecretSource.Label => "label",
        SecretSource.History => "history",
        _ => "file",
    };
}
