using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Gantry.Core;

namespace Gantry.Vulnerabilities.Import;

/// <summary>
/// Guesses the format of a file, folder or archive from its name and first bytes, so <c>gantry db import</c>
/// works without <c>--format</c> on the upstream layouts.
/// </summary>
public static partial class FeedFormatDetector
{
    private const int SniffBytes = 4096;

    public static FeedFormat Detect(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            var first = FeedFiles.Walk(path).FirstOrDefault(f => FeedFiles.IsJson(f) || FeedFiles.IsYaml(f))
                ?? throw new InvalidInputException($"{path}: no .json or .yaml files to import");
            return Detect(first);
        }

        if (!File.Exists(path))
        {
            throw new InvalidInputException($"{path}: no such file or folder");
        }

        if (path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            return FeedFormat.Osv;
        }

        if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase))
        {
            return FeedFormat.Epss;
        }

        return FromContent(Sniff(path)) ?? throw new InvalidInputException(
            $"{path}: cannot tell which feed format this is; pass --format ({string.Join(", ", FeedFormats.WireNames)})");
    }

    internal static FeedFormat? FromContent(string head)
    {
        if (head.Contains("\"NVD_CVE\"", StringComparison.Ordinal))
        {
            return FeedFormat.Nvd;
        }

        if (head.Contains("\"catalogVersion\"", StringComparison.Ordinal))
        {
            return FeedFormat.Kev;
        }

        if (head.Contains("distroversion", StringComparison.Ordinal))
        {
            return FeedFormat.AlpineSecdb;
        }

        if (DebianTrackerHead().IsMatch(head))
        {
            return FeedFormat.DebianTracker;
        }

        if (OsvHead().IsMatch(head))
        {
            return FeedFormat.Osv;
        }

        return head.StartsWith("#model_version", StringComparison.Ordinal) || head.StartsWith("cve,epss", StringComparison.Ordinal)
            ? FeedFormat.Epss
            : null;
    }

    private static string Sniff(string path)
    {
        using var file = File.OpenRead(path);
        Stream stream = file;
        if (file.Length > 2 && file.ReadByte() == 0x1f && file.ReadByte() == 0x8b)
        {
            file.Position = 0;
            stream = new GZipStream(file, CompressionMode.Decompress);
        }
        else
        {
            file.Position = 0;
        }

        using (stream)
        {
            var buffer = new byte[SniffBytes];
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return Encoding.UTF8.GetString(buffer, 0, read);
        }
    }

    /// <summary>The tracker's JSON starts with a source package holding CVE (or TEMP-) entries.</summary>
    [GeneratedRegex("""^\s*\{\s*"[^"]+"\s*:\s*\{\s*"(CVE|TEMP)-""")]
    private static partial Regex DebianTrackerHead();

    [GeneratedRegex("""(^|\n)\s*"?(id|schema_version|affected|modified)"?\s*:""")]
    private static partial Regex OsvHead();
}
