using System.Text.Json;
using Gantry.Cataloging.Common;
using Gantry.Core;

namespace Gantry.Cataloging.DotNet;

/// <summary>
/// NuGet packages a .NET application was built with, from its <c>*.deps.json</c>: every library of type
/// <c>package</c>, with dependency edges from the <c>targets</c> section.
/// </summary>
internal sealed class DotNetDepsCataloger : ICataloger
{
    public string Name => "dotnet-deps-binary-cataloger";

    public IReadOnlyList<string> RequestedGlobs { get; } = ["**/*.deps.json"];

    public ValueTask<CatalogResult> CatalogAsync(CatalogContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(FileCatalog.Run(context, RequestedGlobs, Parse, cancellationToken));

    private CatalogResult Parse(CatalogFile file)
    {
        using var document = JsonDocument.Parse(file.Content);
        var root = document.RootElement;
        if (!root.TryGetProperty("libraries", out var libraries) || libraries.ValueKind != JsonValueKind.Object)
        {
            return new CatalogResult([], [], [FileCatalog.Malformed(file, "no 'libraries' object")]);
        }

        var packages = new Dictionary<string, Package>(StringComparer.OrdinalIgnoreCase);
        foreach (var library in libraries.EnumerateObject())
        {
            var slash = library.Name.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0 || library.Value.ValueKind != JsonValueKind.Object || Text(library.Value, "type") != "package")
            {
                continue;
            }

            packages[library.Name] = DotNetPackageFactory.Create(library.Name[..slash], library.Name[(slash + 1)..], Name, file.Location,
                new MetadataBuilder().Add("sha512", Text(library.Value, "sha512")).Add("path", Text(library.Value, "path")).Build());
        }

        var relationships = new List<Relationship>();
        if (root.TryGetProperty("targets", out var targets) && targets.ValueKind == JsonValueKind.Object)
        {
            foreach (var target in targets.EnumerateObject().Where(t => t.Value.ValueKind == JsonValueKind.Object))
            {
                foreach (var library in target.Value.EnumerateObject())
                {
                    if (!packages.TryGetValue(library.Name, out var dependent) || library.Value.ValueKind != JsonValueKind.Object
                        || !library.Value.TryGetProperty("dependencies", out var dependencies) || dependencies.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }

                    relationships.AddRange(dependencies.EnumerateObject()
                        .Select(d => packages.GetValueOrDefault($"{d.Name}/{d.Value}"))
                        .OfType<Package>()
                        .Select(d => new Relationship(d.Id, dependent.Id, Relationship.DependencyOf)));
                }
            }
        }

        return new CatalogResult([.. packages.Values], relationships.Distinct().ToList(), []);
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
