using System.Text.Json;
using Gantry.Cataloging.Common;
using Gantry.Cataloging.Cpe;
using Gantry.Core;

namespace Gantry.Cataloging.Php;

/// <summary>
/// PHP packages: installed ones from <c>vendor/composer/installed.json</c> (Composer 1: an array;
/// Composer 2: <c>{"packages": [...]}</c>), and for <c>dir:</c> sources the locked ones from
/// <c>composer.lock</c> (<c>packages</c> and <c>packages-dev</c>). <c>require</c> entries become dependency edges.
/// </summary>
internal sealed class ComposerCataloger : ICataloger
{
    private const string InstalledGlob = "**/vendor/composer/installed.json";
    private const string LockGlob = "**/composer.lock";
    private static readonly string[] PackageLists = ["packages", "packages-dev"];

    public string Name => "php-composer-cataloger";

    public IReadOnlyList<string> RequestedGlobs { get; } = [InstalledGlob, LockGlob];

    public ValueTask<CatalogResult> CatalogAsync(CatalogContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(FileCatalog.Run(context,
            FileCatalog.IsDirectorySource(context.Files) ? RequestedGlobs : [InstalledGlob], Parse, cancellationToken));

    private CatalogResult Parse(CatalogFile file)
    {
        using var document = JsonDocument.Parse(file.Content);
        var root = document.RootElement;
        var entries = root.ValueKind == JsonValueKind.Array
            ? root.EnumerateArray().ToList()
            : PackageLists
                .Where(p => root.TryGetProperty(p, out var list) && list.ValueKind == JsonValueKind.Array)
                .SelectMany(p => root.GetProperty(p).EnumerateArray())
                .ToList();
        var packages = new Dictionary<string, Package>(StringComparer.OrdinalIgnoreCase);
        var requires = new List<(string Dependency, string Dependent)>();
        foreach (var entry in entries.Where(e => e.ValueKind == JsonValueKind.Object))
        {
            if (Text(entry, "name") is not { } name || Text(entry, "version") is not { } version)
            {
                continue;
            }

            packages.TryAdd(name, Create(name, version, file.Location, entry));
            if (entry.TryGetProperty("require", out var require) && require.ValueKind == JsonValueKind.Object)
            {
                requires.AddRange(require.EnumerateObject().Select(r => (r.Name, name)));
            }
        }

        var relationships = requires
            .Where(r => packages.ContainsKey(r.Dependency))
            .Select(r => new Relationship(packages[r.Dependency].Id, packages[r.Dependent].Id, Relationship.DependencyOf))
            .Distinct()
            .ToList();
        return new CatalogResult([.. packages.Values], relationships, []);
    }

    private Package Create(string name, string version, Location location, JsonElement entry)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        var (vendor, product) = slash > 0 ? (name[..slash], name[(slash + 1)..]) : (null, name);
        var licenses = entry.TryGetProperty("license", out var license) && license.ValueKind == JsonValueKind.Array
            ? license.EnumerateArray().Where(l => l.ValueKind == JsonValueKind.String).Select(l => l.GetString()!).ToList()
            : [];
        return new Package
        {
            Name = name,
            Version = version,
            Type = PackageType.PhpComposer,
            Purl = new Purl("composer", vendor, product, version),
            FoundBy = Name,
            LayerDiffId = location.LayerDiffId,
            Locations = [location],
            Licenses = licenses,
            Cpes = CpeGenerator.Candidates(version.TrimStart('v'), (vendor, product), (product, product)),
            Metadata = new MetadataBuilder().Add("type", Text(entry, "type")).Add("description", Text(entry, "description")).Build(),
        };
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
