using System.IO.Compression;
using System.Text.Json;
using YamlDotNet.Core;

namespace Gantry.Vulnerabilities.Import;

/// <summary>
/// Imports OSV records from a JSON or YAML file, a folder of them (walked recursively, in name order), or a zip
/// such as the per-ecosystem <c>all.zip</c> that OSV publishes.
/// </summary>
internal sealed class OsvImporter : IFeedImporter
{
    private const string NotARecord = "not an OSV record: expected a .json, .yaml or .yml file";

    public FeedFormat Format => FeedFormat.Osv;

    public void Import(string path, IImportSink sink, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            foreach (var file in FeedFiles.Walk(path))
            {
                cancellationToken.ThrowIfCancellationRequested();
                ImportFile(file, sink);
            }
        }
        else if (path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            ImportZip(path, sink, cancellationToken);
        }
        else
        {
            ImportFile(path, sink);
        }
    }

    private static void ImportFile(string file, IImportSink sink)
    {
        sink.FileRead(file);
        var isYaml = FeedFiles.IsYaml(file);
        if (!isYaml && !FeedFiles.IsJson(file))
        {
            sink.Skip(file, NotARecord);
            return;
        }

        using var stream = File.OpenRead(file);
        ImportRecord(stream, isYaml, file, sink);
    }

    private static void ImportZip(string path, IImportSink sink, CancellationToken cancellationToken)
    {
        using var zip = ZipFile.OpenRead(path);
        foreach (var entry in zip.Entries.Where(e => !e.FullName.EndsWith('/')).OrderBy(e => e.FullName, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = $"{path}!/{entry.FullName}";
            sink.FileRead(name);
            var isYaml = FeedFiles.IsYaml(entry.FullName);
            if (!isYaml && !FeedFiles.IsJson(entry.FullName))
            {
                sink.Skip(name, NotARecord);
                continue;
            }

            using var stream = entry.Open();
            ImportRecord(stream, isYaml, name, sink);
        }
    }

    private static void ImportRecord(Stream stream, bool isYaml, string name, IImportSink sink)
    {
        try
        {
            var root = FeedFiles.ReadTree(stream, isYaml);
            if (root is null)
            {
                sink.Skip(name, "empty file");
                return;
            }

            sink.Add(OsvRecordParser.Parse(root), name);
        }
        catch (Exception ex) when (ex is JsonException or YamlException or FormatException or InvalidOperationException)
        {
            sink.Skip(name, FeedFiles.Reason(ex));
        }
    }
}
