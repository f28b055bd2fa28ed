using System.Text.RegularExpressions;

namespace Gantry.ArchitectureTests;

/// <summary>
/// The table of docs/contributing.md ("Assemblies and what each may reference"): for each project under src/, the
/// projects it may reference. One table, read here, so the document and the check cannot drift apart.
/// </summary>
internal sealed partial class ArchitectureTable(IReadOnlyDictionary<string, IReadOnlySet<string>> allowed)
{
    public const string Heading = "## Assemblies and what each may reference";

    public IEnumerable<string> Projects => allowed.Keys;

    public static ArchitectureTable Load() => Parse(File.ReadAllText(Repository.Path("docs", "contributing.md")));

    /// <summary>Reads the rows under <see cref="Heading"/>: the first cell names the project, the last what it may reference.</summary>
    public static ArchitectureTable Parse(string markdown)
    {
        var start = markdown.IndexOf(Heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/contributing.md has no '{Heading}' section");
        var rows = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var line in markdown[start..].Split('\n').Skip(1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')))
        {
            var cells = line.Trim().Trim('|').Split('|');
            if (ProjectName().Match(cells[0]) is { Success: true } project)
            {
                rows[project.Groups[1].Value] = ProjectName().Matches(cells[^1]).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
            }
        }

        return new ArchitectureTable(rows);
    }

    public bool Has(string project) => allowed.ContainsKey(project);

    /// <summary>True for a host: a project that calls the engine.</summary>
    public bool IsHost(string project) => allowed.TryGetValue(project, out var references) && references.Contains("Gantry.Engine");

    /// <summary>Each reference of <paramref name="project"/> its row does not allow, as <c>A → B</c>.</summary>
    public IEnumerable<string> Violations(string project, IEnumerable<string> references) =>
        references.Where(r => !allowed[project].Contains(r)).Select(r => $"{project} → {r}");

    [GeneratedRegex(@"`(Gantry\.[A-Za-z]+)`")]
    private static partial Regex ProjectName();
}
