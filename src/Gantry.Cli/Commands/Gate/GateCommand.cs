using System.CommandLine;
using Gantry.Cli.Commands.Evaluate;
using Gantry.Cli.Commands.Scan;
using Gantry.Core;
using Gantry.Engine;
using Gantry.Engine.Evaluation;
using Gantry.Engine.Gate;

namespace Gantry.Cli.Commands.Gate;

/// <summary>
/// <c>gantry gate SOURCE --policy BUNDLE --push DEST</c>: evaluates the image and, on GO or WARN, pushes it to DEST
/// with its digest, signs it (<c>--key</c> for cosign, <c>--trust-server</c> for Docker Content Trust) and verifies the
/// signatures; prints the pushed <c>REPO@sha256:…</c>.
/// On STOP nothing is pushed and the exit code is 1.
/// </summary>
internal static class GateCommand
{
    public static Command Create(CliConsole console, GantryEngine engine)
    {
        var source = new Argument<string>("source") { Description = "docker-archive:PATH, oci-dir:PATH, oci-archive:PATH, registry:REF, or a path" };
        var push = new Option<string>("--push") { Description = "Where a passing image goes: HOST[:PORT]/REPO[:TAG]", Required = true };
        var key = new Option<string?>("--key") { Description = "Private key PEM that signs the pushed image (password from GANTRY_PASSWORD or a prompt)" };
        var failOn = new Option<string?>("--fail-on") { Description = "Also STOP when a finding is at or above this severity" };
        var report = new Option<string?>("--report") { Description = "Write the JSON gate report to this file" };
        var reportFormats = new Option<string[]>("--report-format")
        {
            Description = "Also write the evaluation as junit (PATH.junit.xml) or sarif (PATH.sarif) beside --report; json is always written; repeatable",
            AllowMultipleArgumentsPerToken = false,
        };
        reportFormats.AcceptOnlyFromAmong(GateReports.Formats);
        var flags = new EvaluationFlags();
        var command = new Command("gate", "Evaluate an image; on GO/WARN push it to a registry, sign it and verify the signature; on STOP push nothing");
        command.Arguments.Add(source);
        foreach (var option in new Option[] { push, key, failOn, report, reportFormats })
        {
            command.Options.Add(option);
        }

        flags.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async ct =>
        {
            var evaluation = flags.Read(parseResult, console, engine);
            var formats = parseResult.GetValue(reportFormats) ?? [];
            var reportPath = parseResult.GetValue(report);
            if (formats.Length > 0 && reportPath is null)
            {
                throw new InvalidInputException("--report-format: give --report PATH too (the reports are written beside it)");
            }

            var threshold = parseResult.GetValue(failOn) is { } name ? ScanFlags.ParseSeverity(name) : (Severity?)null;
            using var signingKey = parseResult.GetValue(key) is { } keyPath
                ? engine.Signing.LoadPrivateKey(keyPath, () => PasswordSource.Read(console, "Enter password for private key: ", confirm: false))
                : null;
            var options = new GateOptions
            {
                Evaluation = evaluation,
                Destination = parseResult.GetValue(push)!,
                SigningKey = signingKey,
                Notary = flags.Trust.ReadOptional(parseResult, console),
                FailOn = threshold,
            };
            var sourceText = parseResult.GetValue(source)!;
            var result = await ProgressDisplay.RunAsync(console, progress => engine.Gate.RunAsync(sourceText, options, progress, ct));
            return await ReportAsync(console, result, sourceText, reportPath, formats);
        }, cancellationToken));
        return command;
    }

    private static async Task<int> ReportAsync(CliConsole console, GateResult result, string source, string? reportPath, string[] formats)
    {
        // The table goes to stderr: stdout carries only the pushed reference, for scripts.
        using (var table = new MemoryStream())
        {
            EvaluationTable.Write(result.Report, table, colored: false);
            console.Error(System.Text.Encoding.UTF8.GetString(table.ToArray()).TrimEnd());
        }

        if (result.BaseImage is { } check)
        {
            console.Error($"base image {check.Reference}: {(check.Verified == false ? $"signature NOT verified ({check.Detail})" : check.Detail)}");
        }

        if (reportPath is not null)
        {
            await GateReports.WriteAsync(result, source, reportPath, formats);
        }

        if (result.PushedReference is null)
        {
            console.Error($"gantry: gate STOP: {result.Reason}; nothing was pushed");
            return ExitCodes.GateFailed;
        }

        if (!result.SignaturesVerified)
        {
            console.Error($"gantry: {result.Reason}");
            return ExitCodes.GateFailed;
        }

        var signed = (result.SignatureVerified == true, result.NotarySignature is not null) switch
        {
            (true, true) => " and signed (cosign and Docker Content Trust)",
            (true, false) => " and signed",
            (false, true) => " and signed (Docker Content Trust)",
            _ => string.Empty,
        };
        console.Error($"gate {result.Verdict.ToDisplayName()}: pushed{signed} {result.PushedReference}");
        await console.Out.WriteLineAsync(result.PushedReference);
        return ExitCodes.Success;
    }
}
