using System.Text.Json;
using System.Text.RegularExpressions;
using Gantry.TestKit;

namespace Gantry.Versioning.Tests.Support;

/// <summary>Real version strings from the shared corpus (vector files, OSV records, Alpine secdb) and this machine's dpkg database.</summary>
internal static partial class CorpusVersions
{
    public static string VectorFile(string name) => Path.Combine(SharedPaths.Corpus, "version-vectors", name + "-versions.txt");

    /// <summary>Every version on either side of a comparison in a vector file.</summary>
    public static IEnumerable<string> FromVectors(string name) =>
        VectorLine.Read(VectorFile(name)).SelectMany(l => new[] { l.Left, l.Right });

    private static readonly Lazy<IReadOnlyList<string>> OsvPypi = new(() => ReadOsvPypi().ToList());
    private static readonly Lazy<IReadOnlyList<string>> OsvGo = new(() => ReadOsvGo().ToList());

    /// <summary>introduced / fixed / last_affected versions of the PyPI OSV records (read once per test run).</summary>
    public static IReadOnlyList<string> FromOsvPypi() => OsvPypi.Value;

    /// <summary>Event versions of the SEMVER ranges of the Go OSV records, SemVer without the v (read once per test run).</summary>
    public static IReadOnlyList<string> FromOsvGo() => OsvGo.Value;

    private static IEnumerable<string> ReadOsvPypi() =>
        Directory.EnumerateFiles(Path.Combine(SharedPaths.Corpus, "osv-pypi"), "*.yaml", SearchOption.AllDirectories)
            .SelectMany(File.ReadLines)
            .Select(line => OsvYamlEvent().Match(line))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .Where(v => v != "0");

    private static IEnumerable<string> ReadOsvGo()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(SharedPaths.Corpus, "osv-go"), "*.json"))
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            if (!doc.RootElement.TryGetProperty("affected", out var affected))
            {
                continue;
            }

            var ranges = affected.EnumerateArray()
                .Where(a => a.TryGetProperty("ranges", out _))
                .SelectMany(a => a.GetProperty("ranges").EnumerateArray())
                .Where(r => r.GetProperty("type").GetString() == "SEMVER");
            foreach (var e in ranges.SelectMany(r => r.GetProperty("events").EnumerateArray()))
            {
                foreach (var property in e.EnumerateObject())
                {
                    if (property.Value.GetString() is { } version && version != "0")
                    {
                        yield return version;
                    }
                }
            }
        }
    }

    /// <summary>The fixed versions listed under <c>secfixes</c> in the Alpine secdb.</summary>
    public static IEnumerable<string> FromAlpineSecdb() =>
        Directory.EnumerateFiles(Path.Combine(SharedPaths.Corpus, "alpine-secdb"), "*.yaml", SearchOption.AllDirectories)
            .SelectMany(File.ReadLines)
            .Select(line => SecfixKey().Match(line))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value);

    /// <summary>Versions of the Debian packages installed on this machine.</summary>
    public static IEnumerable<string> FromDpkgStatus() =>
        File.Exists("/var/lib/dpkg/status")
            ? File.ReadLines("/var/lib/dpkg/status").Where(l => l.StartsWith("Version: ", StringComparison.Ordinal)).Select(l => l[9..].Trim())
            : [];

    [GeneratedRegex("""^\s*-?\s*(?:introduced|fixed|last_affected):\s*["']?([^"'\s]+)["']?\s*$""")]
    private static partial Regex OsvYamlEvent();

    [GeneratedRegex("""^\s+["']?([0-9][^"':\s]*)["']?:\s*$""")]
    private static partial Regex SecfixKey();
}

/// <summary>One <c>a &lt; b</c>, <c>a = b</c> or <c>a &gt; b</c> line of a vector file.</summary>
internal sealed record VectorLine(string Left, int Expected, string Right, int LineNumber)
{
    public static IEnumerable<VectorLine> Read(string path)
    {
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 3 || parts[1] is not ("<" or "=" or ">"))
            {
                throw new InvalidDataException($"{path}:{number}: not 'a OP b': {line}");
            }

            yield return new VectorLine(parts[0], parts[1] switch { "<" => -1, "=" => 0, _ => 1 }, parts[2], number);
        }
    }

    public override string ToString() => $"line {LineNumber}: {Left} {(Expected < 0 ? "<" : Expected == 0 ? "=" : ">")} {Right}";
}
