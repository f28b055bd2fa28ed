using System.Text.Json;
using Gantry.Cataloging.Common;
using Gantry.Core;

namespace Gantry.Cataloging.Python;

/// <summary>
/// Declared Python dependencies of a project folder (<c>dir:</c> sources only): pinned lines of
/// <c>requirements*.txt</c>, <c>poetry.lock</c>, <c>Pipfile.lock</c> and <c>uv.lock</c>.
/// </summary>
internal sealed class PythonDeclaredCataloger : ICataloger
{
    public string Name => "python-package-cataloger";

    public CatalogerKind Kind => CatalogerKind.Declared;

    public IReadOnlyList<string> RequestedGlobs { get; } = ["**/requirements*.txt", "**/poetry.lock", "**/Pipfile.lock", "**/uv.lock"];

    public ValueTask<CatalogResult> CatalogAsync(CatalogContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(FileCatalog.Run(context, RequestedGlobs, Parse, cancellationToken));

    private CatalogResult Parse(CatalogFile file)
    {
        var fileName = Path.GetFileName(file.Path);
        return fileName switch
        {
            "poetry.lock" or "uv.lock" => ParseTomlLock(file),
            "Pipfile.lock" => ParsePipfileLock(file),
            _ => ParseRequirements(file),
        };
    }

    /// <summary>Only exact pins (<c>name==1.2.3</c>) name a version; ranges, options and includes are skipped.</summary>
    private CatalogResult ParseRequirements(CatalogFile file)
    {
        var packages = new List<Package>();
        foreach (var raw in file.Text.Split('\n'))
        {
            var line = raw.Split('#')[0].Split(';')[0].Trim().TrimEnd('\\').Trim();
            var pin = line.IndexOf("==", StringComparison.Ordinal);
            if (line.StartsWith('-') || pin <= 0)
            {
                continue;
            }

            var name = line[..pin].Split('[')[0].Trim();
            var version = line[(pin + 2)..].TrimStart('=').Trim().Split(' ', ',')[0];
            if (name.Length > 0 && version.Length > 0 && !version.Contains('*', StringComparison.Ordinal))
            {
                packages.Add(PythonPackageFactory.Create(name, version, Name, file.Location));
            }
        }

        return new CatalogResult(packages, [], []);
    }

    /// <summary>
    /// poetry.lock and uv.lock: one <c>[[package]]</c> table per locked distribution; dependencies under
    /// <c>[package.dependencies]</c> (poetry) or in a <c>dependencies = [{ name = ... }]</c> array (uv).
    /// uv's own project (<c>source = { editable | virtual = "." }</c>) is not a dependency.
    /// </summary>
    private CatalogResult ParseTomlLock(CatalogFile file)
    {
        var byName = new Dictionary<string, Package>(StringComparer.Ordinal);
        var tables = TomlTables.Read(file.Text, "package");
        foreach (var table in tables)
        {
            if (table.Values.GetValueOrDefault("name") is { Length: > 0 } name && table.Values.GetValueOrDefault("version") is { Length: > 0 } version)
            {
                byName.TryAdd(PythonPackageFactory.Normalize(name), PythonPackageFactory.Create(name, version, Name, file.Location));
            }
        }

        var relationships = new List<Relationship>();
        foreach (var table in tables)
        {
            if (table.Values.GetValueOrDefault("name") is not { } name || !byName.TryGetValue(PythonPackageFactory.Normalize(name), out var dependent))
            {
                continue;
            }

            var required = table.SubTableKeys.GetValueOrDefault("dependencies", []).Concat(table.ArrayNames.GetValueOrDefault("dependencies", []));
            relationships.AddRange(required
                .Select(r => byName.GetValueOrDefault(PythonPackageFactory.Normalize(r)))
                .OfType<Package>()
                .Select(d => new Relationship(d.Id, dependent.Id, Relationship.DependencyOf)));
        }

        return new CatalogResult([.. byName.Values], relationships.Distinct().ToList(), []);
    }

    /// <summary>Pipfile.lock: <c>{"default": {name: {"version": "==1.2.3"}}, "develop": {...}}</c>.</summary>
    private CatalogResult ParsePipfileLock(CatalogFile file)
    {
        using var document = JsonDocument.Parse(file.Content);
        var packages = new List<Package>();
        foreach (var section in new[] { "default", "develop" })
        {
            if (!document.RootElement.TryGetProperty(section, out var entries) || entries.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var entry in entries.EnumerateObject())
            {
                if (entry.Value.ValueKind == JsonValueKind.Object && entry.Value.TryGetProperty("version", out var v)
                    && v.ValueKind == JsonValueKind.String && v.GetString()!.TrimStart('=') is { Length: > 0 } version)
                {
                    packages.Add(PythonPackageFactory.Create(entry.Name, version, Name, file.Location));
                }
            }
        }

        return new CatalogResult(packages.DistinctBy(p => p.Id).ToList(), [], []);
    }
}
