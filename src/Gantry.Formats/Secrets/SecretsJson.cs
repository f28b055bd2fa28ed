using System.Text.Json;
using Gantry.Core;
using Gantry.Core.Secrets;
using Gantry.Formats.Common;
using Gantry.Formats.Readers;

namespace Gantry.Formats.Secrets;

/// <summary>
/// The <c>secrets</c> array of the native SBOM and of the scan JSON (docs/sbom-json.md): one object per finding, the
/// match always redacted as the scanner left it.
/// </summary>
public static class SecretsJson
{
    public static void Write(Utf8JsonWriter w, IReadOnlyList<SecretFinding> secrets)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(secrets);
        w.WriteStartArray("secrets");
        foreach (var s in secrets)
        {
            w.WriteStartObject();
            w.WriteString("ruleId", s.RuleId);
            w.WriteString("category", s.Category);
            w.WriteString("severity", s.Severity.ToString().ToLowerInvariant());
            w.WriteString("title", s.Title);
            w.WriteString("source", SourceName(s.Source));
            w.WriteString("path", s.Path);
            w.WriteIfNotNull("layerDiffId", s.LayerDiffId);
            w.WriteNumber("line", s.Line);
            w.WriteString("match", s.RedactedMatch);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

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

    private static string SourceName(SecretSource source) => source switch
    {
        SecretSource.Environment => "env",
        SecretSource.Label => "label",
        SecretSource.History => "history",
        _ => "file",
    };
}
