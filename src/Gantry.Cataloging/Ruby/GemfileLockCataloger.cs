using Gantry.Cataloging.Common;
using Gantry.Core;

namespace Gantry.Cataloging.Ruby;

/// <summary>
/// Declared gems of a project folder (<c>dir:</c> sources only) from <c>Gemfile.lock</c>: in the
/// <c>GEM</c> section's <c>specs:</c>, a 4-space line <c>name (version[-platform])</c> is a locked gem and
/// the 6-space lines under it are its dependencies.
/// </summary>
internal sealed class GemfileLockCataloger : ICataloger
{
    public string Name => "ruby-gemfile-cataloger";

    public CatalogerKind Kind => CatalogerKind.Declared;

    public IReadOnlyList<string> RequestedGlobs { get; } = ["**/Gemfile.lock"];

    public ValueTask<CatalogResult> CatalogAsync(CatalogContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(FileCatalog.Run(context, RequestedGlobs, Parse, cancellationToken));

    private CatalogResult Parse(CatalogFile file)
    {
        var packages = new Dictionary<string, Package>(StringComparer.Ordinal);
        var edges = new List<(string Dependency, string Dependent)>();
        string? section = null;
        string? current = null;
        foreach (var raw in file.Text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length > 0 && line[0] != ' ')
            {
                section = line.Trim();
                current = null;
                continue;
            }

            if (section is not ("GEM" or "GIT" or "PATH"))
            {
                continue;
            }

            var indent = line.Length - line.TrimStart(' ').Length;
            var trimmed = line.Trim();
            var paren = trimmed.IndexOf(" (", StringComparison.Ordinal);
            var name = paren > 0 ? trimmed[..paren] : trimmed;
            if (indent == 4 && paren > 0 && trimmed.EndsWith(')'))
            {
                var version = trimmed[(paren + 2)..^1];
                current = name;
                packages.TryAdd(name, GemPackageFactory.Create(name, version, Name, file.Location));
            }
            else if (indent == 6 && current is not null && name.Length > 0)
            {
                edges.Add((name, current));
            }
        }

        var relationships = edges
            .Where(e => packages.ContainsKey(e.Dependency) && packages.ContainsKey(e.Dependent))
            .Select(e => new Relationship(packages[e.Dependency].Id, packages[e.Dependent].Id, Relationship.DependencyOf))
            .Distinct()
            .ToList();
        return new CatalogResult([.. packages.Values], relationships, []);
    }
}
