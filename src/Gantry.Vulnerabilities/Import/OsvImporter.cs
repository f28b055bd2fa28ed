using System.IO.Compression;
using System.Text.Json;
using Gantry.Core;
using Gantry.Vulnerabilities.Store;

namespace Gantry.Vulnerabilities.Import;

/// <summary>
/// Imports OSV records from a JSON or YAML file, a folder of them (walked recursively, in name order), or a zip
/// such as the per-ecosystem <c>all.zip</c> that OSV publishes. Files are parsed in parallel and written in order.
/// </summary>
internal sealed class OsvImporter : IFeedImporter
{
    private const string NotARecord = "not an OSV record: expected a .json, .yaml or .yml file";

    public FeedFormat Format => FeedFormat.Osv;

    public void Import(string path, IImportSink sink, CancellationToken cancellationToken)
    {
        var parsed = Directory.Exists(path) ? OrderedParallel.Select(FeedFiles.Walk(path), ParseFile, cancellationToken)
            : path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? ParseZip(path, cancellationToken)
            : [ParseFile(path)];
        foreach (var file in parsed)
        {
            sink.FileRead(file.Name);
            if (file.Record is { } record)
            {
                sink.Add(record, file.Name);
            }
            else
            {
                sink.Skip(file.Name, file.SkipReason!);
            }
        }
    }

    private static ParsedFile ParseFile(string file)
    {
        var isYaml = FeedFiles.IsYaml(file);
        if (!isYaml && !FeedFiles.IsJson(file))
        {
            return new ParsedFile(file, null, NotARecord);
        }

        using var stream = File.OpenRead(file);
        return ParseRecord(stream, isYaml, file);
    }

    /// <summary>Entries are decompressed one after the other (a zip is not thread-safe) and parsed in parallel.</summary>
    private static IEnumerable<ParsedFile> ParseZip(string path, CancellationToken cancellationToken)
    {
        using var zip = ZipFile.OpenRead(path);
        var entries = zip.Entries
            .Where(e => !e.FullName.EndsWith('/'))
            .OrderBy(e => e.FullName, StringComparer.Ordinal)
            .Select(entry => (Name: $"{path}!/{entry.FullName}", Entry: entry.FullName, Content: IsRecordName(entry.FullName) ? Read(entry) : null));
        foreach (var file in OrderedParallel.Select(entries, ParseEntry, cancellationToken))
        {
            yield return file;
        }
    }

    private static ParsedFile ParseEntry((string Name, string Entry, byte[]? Content) entry)
    {
        if (entry.Content is null)
        {
            return new ParsedFile(entry.Name, null, NotARecord);
        }

        using var stream = new MemoryStream(entry.Content, writable: false);
        return ParseRecord(stream, FeedFiles.IsYaml(entry.Entry), entry.Name);
    }

    private static bool IsRecordName(string name) => FeedFiles.IsYaml(name) || FeedFiles.IsJson(name);

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var buffer = new MemoryStream((int)Math.Min(entry.Length, int.MaxValue));
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static ParsedFile ParseRecord(Stream stream, bool isYaml, string name)
    {
        try
        {
            var root = FeedFiles.ReadTree(stream, isYaml);
            return root is null ? new ParsedFile(name, null, "empty file") : new ParsedFile(name, OsvRecordParser.Parse(root), null);
        }
        catch (Exception ex) when (FileErrors.IsBadInput(ex))
        {
            return new ParsedFile(name, null, FeedFiles.Reason(ex));
        }
    }

    /// <summary>One file's outcome: its record, or why it was skipped.</summary>
    private sealed record ParsedFile(string Name, VulnerabilityRecord? Record, string? SkipReason);
}
