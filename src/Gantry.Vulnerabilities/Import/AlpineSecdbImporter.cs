using System.Text.Json;
using System.Text.Json.Nodes;
using Gantry.Core;
using Gantry.Vulnerabilities.Store;

namespace Gantry.Vulnerabilities.Import;

/// <summary>
/// Imports Alpine secdb files: the YAML of the alpine-secdb repository and the JSON that secdb.alpinelinux.org
/// serves per branch and repository (<c>v3.20/main.json</c>), which share one structure. Each secfix line
/// <c>VERSION: [CVE-…]</c> means "fixed in VERSION"; version <c>0</c> means the package was never affected.
/// </summary>
internal sealed class AlpineSecdbImporter : IFeedImporter
{
    public const string FeedName = "alpine-secdb";

    public FeedFormat Format => FeedFormat.AlpineSecdb;

    public void Import(string path, IImportSink sink, CancellationToken cancellationToken)
    {
        var records = new DistroRecords(FeedName);
        var files = Directory.Exists(path) ? FeedFiles.Walk(path) : [path];
        foreach (var parsed in OrderedParallel.Select(files, ParseFile, cancellationToken))
        {
            sink.FileRead(parsed.File);
            if (parsed.Error is not null)
            {
                sink.Skip(parsed.File, parsed.Error);
                continue;
            }

            try
            {
                ReadFile(parsed.Tree, parsed.File, records, sink);
            }
            catch (Exception ex) when (FileErrors.IsBadInput(ex))
            {
                sink.Skip(parsed.File, FeedFiles.Reason(ex));
            }
        }

        records.WriteTo(sink);
    }

    /// <summary>Runs in parallel: reads one file into a JSON tree, or says why it cannot.</summary>
    private static ParsedFile ParseFile(string file)
    {
        if (!FeedFiles.IsJson(file) && !FeedFiles.IsYaml(file))
        {
            return new ParsedFile(file, null, "not a secdb file: expected a .json, .yaml or .yml file");
        }

        try
        {
            using var stream = File.OpenRead(file);
            return new ParsedFile(file, FeedFiles.ReadTree(stream, FeedFiles.IsYaml(file)), null);
        }
        catch (Exception ex) when (FileErrors.IsBadInput(ex))
        {
            return new ParsedFile(file, null, FeedFiles.Reason(ex));
        }
    }

    private static void ReadFile(JsonNode? root, string file, DistroRecords records, IImportSink sink)
    {
        var @namespace = Namespaces.FromAlpineBranch(Json.RequiredString(root, "distroversion"));
        foreach (var item in Json.Array(root, "packages"))
        {
            var package = Json.Object(item, "pkg");
            var name = Json.String(package, "name");
            if (package is null || string.IsNullOrEmpty(name))
            {
                sink.Skip(file, "a packages[] entry has no pkg.name");
                continue;
            }

            try
            {
                ReadSecfixes(package, name, @namespace, file, records, sink);
            }
            catch (Exception ex) when (FileErrors.IsBadInput(ex))
            {
                sink.Skip($"{file}#{name}", FeedFiles.Reason(ex));
            }
        }
    }

    private static void ReadSecfixes(JsonObject package, string name, string @namespace, string file, DistroRecords records, IImportSink sink)
    {
        foreach (var (version, lines) in Json.Object(package, "secfixes") ?? [])
        {
            foreach (var line in lines is null ? [] : Json.Strings(package["secfixes"], version))
            {
                var ids = VulnerabilityIds.FindAll(line);
                if (ids.Count == 0)
                {
                    sink.Skip($"{file}#{name}", $"no vulnerability id in secfix line '{line}' of version {version}");
                    continue;
                }

                var notAffected = version == "0";
                var affected = new AffectedPackage
                {
                    VulnerabilityId = ids[0],
                    Namespace = @namespace,
                    Name = name,
                    Ranges = notAffected ? [] : [AffectedRange.FixedIn(version)],
                    FixedVersions = notAffected ? [] : [version],
                    FixState = notAffected ? FixState.NotAffected : FixState.Fixed,
                };
                records.Add(ids[0], file, affected, ids);
            }
        }
    }

    private sealed record ParsedFile(string File, JsonNode? Tree, string? Error);
}
