using System.Text.Json;
using Gantry.Core;
using Gantry.Engine.Evaluation;
using Gantry.Engine.Gate;

namespace Gantry.Cli.Commands.Gate;

/// <summary>
/// The files CI systems archive: the JSON gate report at <c>--report PATH</c> (decision, evaluation rows, findings by
/// severity, base image check, pushed digest, signature), and on request the evaluation as JUnit and SARIF beside it.
/// Each file is written through <see cref="OutputFile"/>, so a failed run leaves no partial report.
/// </summary>
internal static class GateReports
{
    public static readonly string[] Formats = ["json", "junit", "sarif"];

    public static async Task WriteAsync(GateResult result, string source, string path, IEnumerable<string> formats)
    {
        await WriteFileAsync(path, path, stream => WriteJson(result, source, stream));
        foreach (var format in formats.Distinct(StringComparer.Ordinal))
        {
            switch (format)
            {
                case "junit":
                    await WriteFileAsync(path, BesidePath(path, ".junit.xml"), result.Report.WriteJUnit);
                    break;
                case "sarif":
                    await WriteFileAsync(path, BesidePath(path, ".sarif"), stream => result.Report.WriteSarif(source, stream));
                    break;
            }
        }
    }

    /// <summary><c>out/gate.json</c> + <c>.sarif</c> → <c>out/gate.sarif</c>.</summary>
    public static string BesidePath(string reportPath, string extension) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(reportPath))!, Path.GetFileNameWithoutExtension(reportPath) + extension);

    private static void WriteJson(GateResult result, string source, Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        var evaluation = result.Report;
        json.WriteStartObject();
        json.WriteString("source", source);
        json.WriteString("decision", result.Verdict.ToDisplayName());
        json.WriteString("reason", result.Reason);
        json.WriteString("policyFinalAction", evaluation.FinalAction.ToDisplayName());
        json.WriteString("bundle", evaluation.Bundle);
        json.WriteString("evaluatedAt", evaluation.EvaluatedAt);
        json.WriteStartArray("evaluation");
        foreach (var row in evaluation.Rows)
        {
            json.WriteStartObject();
            json.WriteString("gate", row.Gate);
            json.WriteString("trigger", row.Trigger);
            json.WriteString("checkOutput", row.CheckOutput);
            json.WriteString("action", row.Action.ToDisplayName());
            json.WriteString("effectiveAction", row.EffectiveAction.ToDisplayName());
            json.WriteBoolean("allowlisted", row.Allowlisted is not null);
            json.WriteString("policyId", row.PolicyId);
            json.WriteString("triggerId", row.TriggerId);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("findings");
        json.WriteNumber("total", result.Findings.Count);
        foreach (var severity in Enum.GetValues<Severity>().Reverse())
        {
            json.WriteNumber(severity.ToString().ToLowerInvariant(), result.Findings.Count(f => f.Vulnerability.Severity == severity));
        }

        json.WriteNumber("atOrAboveFailOn", result.FailOnFindings);
        json.WriteEndObject();
        if (result.BaseImage is { } check)
        {
            json.WriteStartObject("baseImage");
            json.WriteString("reference", check.Reference);
            WriteNullableBoolean(json, "signatureVerified", check.Verified);
            json.WriteString("detail", check.Detail);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("baseImage");
        }

        json.WriteString("pushed", result.PushedReference);
        json.WriteString("pushedDigest", result.PushedReference?[(result.PushedReference.LastIndexOf('@') + 1)..]);
        WriteNullableBoolean(json, "signatureVerified", result.SignatureVerified);
        if (result.NotarySignature is { } notary)
        {
            json.WriteStartObject("notarySignature");
            json.WriteString("tag", $"{notary.Gun}:{notary.Tag}");
            json.WriteString("digest", notary.SignedDigest);
            json.WriteString("role", notary.SignedRole);
            json.WriteBoolean("verified", notary.IsVerified);
            json.WriteString("failure", notary.FailureReason);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("notarySignature");
        }

        json.WriteStartArray("notes");
        result.Notes.Concat(evaluation.Warnings).ToList().ForEach(json.WriteStringValue);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteNullableBoolean(Utf8JsonWriter json, string name, bool? value)
    {
        if (value is { } flag)
        {
            json.WriteBoolean(name, flag);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static async Task WriteFileAsync(string reportPath, string path, Action<Stream> write)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await OutputFile.WriteAsync(path, stream =>
            {
                write(stream);
                return Task.CompletedTask;
            });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"--report {reportPath}: cannot write {path} ({ex.Message})", ex);
        }
    }
}
