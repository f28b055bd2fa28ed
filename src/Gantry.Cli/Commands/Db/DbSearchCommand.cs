using System.CommandLine;
using Gantry.Core;
using Gantry.Engine;
using Gantry.Engine.Operations;

namespace Gantry.Cli.Commands.Db;

/// <summary><c>gantry db search ID</c> or <c>gantry db search --package NAME [--namespace NS]</c>.</summary>
internal static class DbSearchCommand
{
    public static Command Create(CliConsole console, GantryEngine engine)
    {
        var id = new Argument<string?>("id") { Description = "A vulnerability id or alias (CVE-…, GHSA-…, GO-…).", Arity = ArgumentArity.ZeroOrOne };
        var package = new Option<string?>("--package", "-p") { Description = "Show the records that affect this package." };
        var @namespace = new Option<string?>("--namespace", "-n") { Description = "Limit --package to a namespace (PyPI, Go, debian:12, alpine:3.11…)." };
        var db = DbOptions.Database();
        var command = new Command("search", "Show database records by vulnerability id or by package.") { id, package, @namespace, db };
        command.SetAction((parseResult, ct) => CommandRunner.RunAsync(console, _ =>
        {
            var wanted = parseResult.GetValue(id);
            var packageName = parseResult.GetValue(package);
            if ((wanted is null) == (packageName is null))
            {
                throw new InvalidInputException("give either a vulnerability ID or --package NAME");
            }

            var found = engine.Database.Search(parseResult.GetValue(db), wanted, packageName, parseResult.GetValue(@namespace));
            foreach (var record in found.Records)
            {
                WriteRecord(console.Out, record);
            }

            foreach (var entry in found.Affected)
            {
                WriteAffected(console.Out, entry);
            }

            if (!found.Found)
            {
                console.Error($"gantry: no records for {wanted ?? packageName}");
                return Task.FromResult(ExitCodes.GateFailed);
            }

            return Task.FromResult(ExitCodes.Success);
        }, ct));
        return command;
    }

    private static void WriteRecord(TextWriter output, Vulnerability record)
    {
        output.WriteLine($"{record.Id} ({record.Source})");
        if (record.Aliases.Count > 0)
        {
            output.WriteLine($"  aliases:   {string.Join(", ", record.Aliases)}");
        }

        output.WriteLine($"  severity:  {record.Severity.ToString().ToLowerInvariant()}");
        foreach (var cvss in record.Cvss)
        {
            output.WriteLine($"  cvss {cvss.Version}:  {cvss.BaseScore?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} {cvss.Vector}");
        }

        WriteIf(output, "summary", record.Summary);
        WriteIf(output, "published", record.Published?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        WriteIf(output, "withdrawn", record.Withdrawn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        WriteIf(output, "cwes", record.Cwes.Count > 0 ? string.Join(", ", record.Cwes) : null);
        WriteIf(output, "epss", record.Epss?.ToString("0.#####", System.Globalization.CultureInfo.InvariantCulture));
        WriteIf(output, "kev", record.Kev ? "yes (CISA known exploited)" : null);
    }

    private static void WriteAffected(TextWriter output, AffectedEntry entry)
    {
        var ranges = entry.Ranges.Count > 0 ? string.Join("; ", entry.Ranges) : "-";
        var versions = entry.Versions.Count > 0 ? $" versions [{string.Join(", ", entry.Versions)}]" : string.Empty;
        output.WriteLine(
            $"{entry.VulnerabilityId}  {entry.Namespace}  {entry.Name}  {entry.FixState}  fixed [{string.Join(", ", entry.FixedVersions)}]  {ranges}{versions}  ({entry.Source})");
    }

    private static void WriteIf(TextWriter output, string label, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            output.WriteLine($"  {label + ":",-10} {value}");
        }
    }
}
