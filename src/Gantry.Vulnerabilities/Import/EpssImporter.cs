using System.Globalization;
using System.IO.Compression;
using Gantry.Vulnerabilities.Store;

namespace Gantry.Vulnerabilities.Import;

/// <summary>
/// Imports EPSS scores: the CSV (optionally gzip-compressed, as published) with a <c>#model_version</c> comment line,
/// a <c>cve,epss,percentile</c> header, then one row per CVE.
/// </summary>
internal sealed class EpssImporter : IFeedImporter
{
    public FeedFormat Format => FeedFormat.Epss;

    public void Import(string path, IImportSink sink, CancellationToken cancellationToken)
    {
        sink.FileRead(path);
        using var reader = new StreamReader(OpenMaybeGzip(path));
        var lineNumber = 0;
        var sawHeader = false;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (!sawHeader && line.StartsWith("cve,", StringComparison.Ordinal))
            {
                sawHeader = true;
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length < 3
                || !fields[0].StartsWith("CVE-", StringComparison.Ordinal)
                || !double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var score)
                || !double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var percentile))
            {
                sink.Skip($"{path}:{lineNumber.ToString(CultureInfo.InvariantCulture)}", $"expected 'CVE-…,score,percentile', got '{Truncate(line)}'");
                continue;
            }

            sink.Add(new EpssScore(fields[0], score, percentile));
        }
    }

    private static Stream OpenMaybeGzip(string path)
    {
        var file = File.OpenRead(path);
        var gzip = file.Length > 2 && file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
        file.Position = 0;
        return gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    private static string Truncate(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
