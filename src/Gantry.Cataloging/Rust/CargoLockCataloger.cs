using Gantry.Cataloging.Common;
using Gantry.Core;

namespace Gantry.Cataloging.Rust;

/// <summary>
/// Declared crates of a project folder (<c>dir:</c> sources only) from <c>Cargo.lock</c>'s <c>[[package]]</c>
/// tables. Crates without a <c>source</c> are the workspace's own and are not dependencies. A
/// dependency is written <c>"name"</c>, or <c>"name version"</c> when several versions are locked.
/// </summary>
internal sealed class CargoLockCataloger : ICataloger
{
    public string Name => "rust-cargo-lock-cataloger";

    public CatalogerKind Kind => CatalogerKind.Declared;

    public IReadOnlyList<string> RequestedGlobs { get; } = ["**/Cargo.lock"];

    public ValueTask<CatalogResult> CatalogAsync(CatalogContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(FileCatalog.Run(context, RequestedGlobs, Parse, cancellationToken));

    private CatalogResult Parse(CatalogFile file)
    {
        var tables = TomlTables.Read(file.Text, "package")
            .Where(t => t.Values.ContainsKey("name") && t.Values.ContainsKey("version"))
            .ToList();
        var packages = new Dictionary<(string, string), Package>();
        foreach (var table in tables.Where(t => t.Values.ContainsKey("source")))
        {
            var (name, version) = (table.Values["name"], table.Values["version"]);
            packages.TryAdd((name, version), RustPackageFactory.Create(name, version, Name, file.Location,
                new MetadataBuilder().Add("source", table.Values["source"]).Add("checksum", table.Values.GetValueOrDefault("checksum")).Build()));
        }

        var relationships = new List<Relationship>();
        foreach (var table in tables)
        {
            if (!packages.TryGetValue((table.Values["name"], table.Values["version"]), out var dependent))
            {
                continue;
            }

            foreach (var dependency in table.ArrayNames.GetValueOrDefault("dependencies", []))
            {
                var parts = dependency.Split(' ');
                var match = packages.Values.FirstOrDefault(p => p.Name == parts[0] && (parts.Length < 2 || p.Version == parts[1]));
                if (match is not null)
                {
                    relationships.Add(new Relationship(match.Id, dependent.Id, Relationship.DependencyOf));
                }
            }
        }

        return new CatalogResult([.. packages.Values], relationships.Distinct().ToList(), []);
    }
}
