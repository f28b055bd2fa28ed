using Gantry.TestKit.Feeds;

namespace Gantry.Vulnerabilities.Tests;

/// <summary>
/// A representative slice of the corpus, copied into a test's temp folder: the first Go records, the first PyPI
/// projects (with the folder's non-record files, which must be reported), and two Alpine branches. Tests that
/// compare two import paths use it; the full corpus is imported once, by TestKit's <c>CorpusVulnerabilityDatabase</c>.
/// </summary>
internal static class CorpusSubset
{
    private const int GoRecords = 250;
    private const int PypiProjects = 40;
    private static readonly string[] AlpineBranches = ["v3.10", "v3.11"];

    public static string OsvGo(string folder) =>
        Copy(FeedCorpus.Path("osv-go"), Path.Combine(folder, "osv-go"), Directory.GetFiles(FeedCorpus.Path("osv-go")).Order(StringComparer.Ordinal).Take(GoRecords));

    public static string OsvPypi(string folder)
    {
        var source = FeedCorpus.Path("osv-pypi");
        var projects = Directory.GetDirectories(source).Order(StringComparer.Ordinal).Take(PypiProjects);
        return Copy(source, Path.Combine(folder, "osv-pypi"), Directory.GetFiles(source).Concat(projects.SelectMany(p => Directory.GetFiles(p))));
    }

    public static string AlpineSecdb(string folder)
    {
        var source = FeedCorpus.Path("alpine-secdb");
        return Copy(source, Path.Combine(folder, "alpine-secdb"), AlpineBranches.SelectMany(b => Directory.GetFiles(Path.Combine(source, b))));
    }

    private static string Copy(string sourceRoot, string target, IEnumerable<string> files)
    {
        foreach (var file in files)
        {
            var destination = Path.Combine(target, Path.GetRelativePath(sourceRoot, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }
}
