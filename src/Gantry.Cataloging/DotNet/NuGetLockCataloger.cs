using System.Text.Json;
using Gantry.Cataloging.Common;
using Gantry.Core;

namespace Gantry.Cataloging.DotNet;

/// <summary>
/// Declared NuGet dependencies of a project folder (<c>dir:</c> sources only): <c>packages.lock.json</c>,
/// <c>{"dependencies": {"net8.0": {"Name": {"type", "resolved", "dependencies"}}}}</c>. Project references are skipped.
/// </summary>
internal sealed class NuGetLockCataloger : ICataloger
{
    public string Name => "dotnet-packages-lock-cataloger";

    public CatalogerKind Kind => CatalogerKind.Declared;

    public IReadOnlyList<string> RequestedGlobs { get; } = ["**/packages.lock.json"];

    public ValueTask<CatalogResult> CatalogAsync(CatalogContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(FileCatalog.Run(context, RequestedGlobs, Parse, cancellationToken));

    private CatalogResult Parse(CatalogFile file)
    {
        using var document = JsonDocument.Parse(file.Content);
        if (!document.RootElement.TryGetProperty("dependencies", out var frameworks) || frameworks.ValueKind != JsonValueKind.Object)
        {
            return new CatalogResult([], [], [FileCatalog.Malformed(file, "no 'dependencies' object")]);
        }

        var packages = new Dictionary<string, Package>(StringComparer.OrdinalIgnoreCase);
        var edges = new List<(string Dependency, string Dependent)>();
        foreach (var framework in frameworks.EnumerateObject().Where(f => f.Value.ValueKind == JsonValueKind.Object))
        {
            foreach (var entry in framework.Value.EnumerateObject())
            {
                var body = entry.Value;
                if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("resolved", out var resolved) || resolved.ValueKind != JsonValueKind.String
                    || (body.TryGetProperty("type", out var type) && type.GetString() == "Project"))
                {
                    continue;
                }

                packages.TryAdd(entry.Name, DotNetPackageFactory.Create(entry.Name, resolved.GetString()!, Name, file.Location,
                    new MetadataBuilder().Add("dependencyType", body.TryGetProperty("type", out var t) ? t.GetString() : null).Build()));
                if (body.TryGetProperty("dependencies", out var dependencies) && dependencies.ValueKind == JsonValueKind.Object)
                {
                    edges.AddRange(dependencies.EnumerateObject().Select(d => (d.Name, entry.Name)));
                }
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
