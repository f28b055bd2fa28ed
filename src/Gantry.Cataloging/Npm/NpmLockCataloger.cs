using Gantry.Cataloging.Common;
using Gantry.Core;

namespace Gantry.Cataloging.Npm;

/// <summary>
/// Declared node dependencies of a project folder (<c>dir:</c> sources only, as syft's "declared"
/// catalogers): <c>package-lock.json</c> v1–v3, <c>yarn.lock</c> (classic and berry) and <c>pnpm-lock.yaml</c>.
/// Lock files under <c>node_modules</c> belong to installed packages and are skipped.
/// </summary>
internal sealed class NpmLockCataloger : ICataloger
{
    public string Name => "javascript-lock-cataloger";

    public CatalogerKind Kind => CatalogerKind.Declared;

    public IReadOnlyList<string> RequestedGlobs { get; } = ["**/package-lock.json", "**/yarn.lock", "**/pnpm-lock.yaml"];

    public ValueTask<CatalogResult> CatalogAsync(CatalogContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(FileCatalog.Run(context, RequestedGlobs, Parse, cancellationToken));

    private CatalogResult Parse(CatalogFile file)
    {
        if (file.Path.Contains("/node_modules/", StringComparison.Ordinal))
        {
            return CatalogResult.Empty;
        }

        var fileName = Path.GetFileName(file.Path);
        var locked = fileName switch
        {
            "package-lock.json" => PackageLockParser.Parse(file.Content),
            "yarn.lock" => YarnLockParser.Parse(file.Text),
            _ => PnpmLockParser.Parse(file.Text),
        };
        var packages = locked.Packages.ToDictionary(p => p.Key,
            p => NpmPackageFactory.Create(p.Name, p.Version, Name, file.Location, p.License is null ? [] : [p.License], new Dictionary<string, string>()),
            StringComparer.Ordinal);
        var relationships = locked.Dependencies
            .Where(d => packages.ContainsKey(d.DependencyKey) && packages.ContainsKey(d.DependentKey))
            .Select(d => new Relationship(packages[d.DependencyKey].Id, packages[d.DependentKey].Id, Relationship.DependencyOf))
            .Distinct()
            .ToList();
        return new CatalogResult(packages.Values.DistinctBy(p => p.Id).ToList(), relationships, []);
    }
}

/// <summary>One locked package; <paramref name="Key"/> identifies it within its lock file.</summary>
internal sealed record LockedPackage(string Key, string Name, string Version, string? License = null);

/// <summary>An edge "<paramref name="DependencyKey"/> is a dependency of <paramref name="DependentKey"/>".</summary>
internal sealed record LockedDependency(string DependencyKey, string DependentKey);

internal sealed record LockFileContents(IReadOnlyList<LockedPackage> Packages, IReadOnlyList<LockedDependency> Dependencies);
