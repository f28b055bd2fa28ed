using System.CommandLine;
using Gantry.Cli.Commands.Evaluate;
using Gantry.Cli.Commands.Scan;
using Gantry.Core;
using Gantry.Engine;
using Gantry.Engine.Evaluation;
using Gantry.Engine.Gate;
using Gantry.Policy;
using Gantry.Signing.Keys;
using Gantry.Vulnerabilities.Store;

namespace Gantry.Cli.Commands.Gate;

/// <summary>
/// <c>gantry gate SOURCE --policy BUNDLE --push DEST</c>: evaluates the image and, on GO or WARN, pushes it to DEST
/// with its digest, signs it (<c>--key</c>) and verifies the signature; prints the pushed <c>REPO@sha256:…</c>.
/// On STOP nothing is pushed and the exit code is 1.
/// </summary>
internal static class GateCommand
{
    public static Command Create(CliConsole console)
    {
        var source = new Argument<string>("source") { Description = "docker-archive:PATH, oci-dir:PATH, oci-archive:PATH, registry:REF, or a path" };
        var policy = new Option<string>("--policy", "-p") { Description = "The Anchore policy bundle (JSON, version 1_0)", Required = true };
        var push = new Option<string>("--push") { Description = "Where a passing image goes: HOST[:PORT]/REPO[:TAG]", Required = true };
        var key = new Option<string?>("--key") { Description = "Private key PEM that signs the pushed image (password from GANTRY_PASSWORD or a prompt)" };
        var trustedKeys = new Option<string?>("--trusted-keys") { Description = "Folder of *.pub keys; the base_image gate's signature check uses them" };
        var baseImage = new Option<string?>("--base") { Description = "The base image (REF or REF@DIGEST), instead of the org.opencontainers.image.base.* annotations" };
        var failOn = new Option<string?>("--fail-on") { Description = "Also STOP when a finding is at or above this severity" };
        var report = new Option<string?>("--report") { Description = "Write the JSON gate report to this file" };
        var reportFormats = new Option<string[]>("--report-format")
        {
            Description = "Also write the evaluation as junit (PATH.junit.xml) or sarif (PATH.sarif) beside --report; json is always written; repeatable",
            AllowMultipleArgumentsPerToken = false,
        };
        reportFormats.AcceptOnlyFromAmong(GateReports.Formats);
        var dockerfile = new Option<string?>("--dockerfile") { Description = "The image's Dockerfile; without it the Dockerfile is guessed from the image" };
        var db = new Option<string?>("--db") { Description = $"Vulnerability database (default: ${DatabasePaths.EnvironmentVariable}, else the user cache)" };
        var noDb = new Option<bool>("--no-db") { Description = "Skip vulnerability matching: vulnerability_data_unavailable and stale_feed_data fire" };
        var sourceOptions = new SourceOptions();
        var command = new Command("gate", "Evaluate an image; on GO/WARN push it to a registry, sign it and verify the signature; on STOP push nothing");
        command.Arguments.Add(source);
        foreach (var option in new Option[] { policy, push, key, trustedKeys, baseImage, failOn, report, reportFormats, dockerfile, db, noDb })
        {
            command.Options.Add(option);
        }

        sourceOptions.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async ct =>
        {
            if (parseResult.GetValue(noDb) && parseResult.GetValue(db) is not null)
            {
                throw new InvalidInputException("--no-db: cannot be combined with --db");
            }

            var formats = parseResult.GetValue(reportFormats) ?? [];
            var reportPath = parseResult.GetValue(report);
            if (formats.Length > 0 && reportPath is null)
            {
                throw new InvalidInputException("--report-format: give --report PATH too (the reports are written beside it)");
            }

            var explicitDb = parseResult.GetValue(db) ?? Environment.GetEnvironmentVariable(DatabasePaths.EnvironmentVariable);
            var threshold = parseResult.GetValue(failOn) is { } name ? ScanFlags.ParseSeverity(name) : (Severity?)null;
            var trusted = LoadTrustedKeys(parseResult.GetValue(trustedKeys));
            try
            {
                using var signingKey = parseResult.GetValue(key) is { } keyPath
                    ? KeyLoader.LoadPrivateKey(keyPath, () => PasswordSource.Read(console, "Enter password for private key: ", confirm: false))
                    : null;
                var options = new GateOptions
                {
                    Evaluation = new EvaluationOptions
                    {
                        PolicyPath = parseResult.GetValue(policy)!,
                        DockerfilePath = parseResult.GetValue(dockerfile),
                        DatabasePath = parseResult.GetValue(noDb) ? null : DatabasePaths.Resolve(parseResult.GetValue(db)),
                        DatabaseRequired = !string.IsNullOrEmpty(explicitDb),
                        Analysis = new SbomOptions { Source = sourceOptions.Read(parseResult) },
                    },
                    Destination = parseResult.GetValue(push)!,
                    SigningKey = signingKey,
                    TrustedKeys = trusted,
                    BaseImage = parseResult.GetValue(baseImage),
                    FailOn = threshold,
                };
                var sourceText = parseResult.GetValue(source)!;
                var result = await ProgressDisplay.RunAsync(console, progress => new ImageGate().RunAsync(sourceText, options, progress, ct));
                return await ReportAsync(console, result, sourceText, reportPath, formats);
            }
            finally
            {
                trusted.ForEach(k => k.Key.Dispose());
            }
        }, cancellationToken));
        return command;
    }

    private static async Task<int> ReportAsync(CliConsole console, GateResult result, string source, string? reportPath, string[] formats)
    {
        // The table goes to stderr: stdout carries only the pushed reference, for scripts.
        using (var table = new MemoryStream())
        {
            EvaluationTable.Write(result.Evaluation, result.Notes, table, colored: false);
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

        if (result.SignatureVerified == false)
        {
            console.Error($"gantry: {result.Reason}");
            return ExitCodes.GateFailed;
        }

        console.Error($"gate {result.Decision.ToWireName().ToUpperInvariant()}: pushed{(result.SignatureVerified == true ? " and signed" : string.Empty)} {result.PushedReference}");
        await console.Out.WriteLineAsync(result.PushedReference);
        return ExitCodes.Success;
    }

    private static List<TrustedKey> LoadTrustedKeys(string? folder)
    {
        if (folder is null)
        {
            return [];
        }

        if (!Directory.Exists(folder))
        {
            throw new InvalidInputException($"--trusted-keys {folder}: no such folder");
        }

        var files = Directory.GetFiles(folder, "*.pub").Order(StringComparer.Ordinal).ToList();
        return files.Count == 0
            ? throw new InvalidInputException($"--trusted-keys {folder}: holds no *.pub key")
            : files.Select(f => new TrustedKey(Path.GetFileName(f), KeyLoader.LoadPublicKey(f))).ToList();
    }
}
