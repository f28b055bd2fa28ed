using System.Text.Json;
using Gantry.Cataloging.Common;
using Gantry.Cataloging.Cpe;
using Gantry.Core;

namespace Gantry.Cataloging.Php;

/// <summary>Reads Composer's package lists, installed or locked alike; <c>require</c> entries become dependency edges.</summary>
internal static class ComposerPackages
{
    /// <summary>One name for both catalogers, as before they were split by kind (the SBOM's <c>foundBy</c> stays the same).</summary>
    public const string CatalogerName = "php-composer-cataloger";

    private static readonly string[] PackageLists = ["packages", "packages-dev"];

    public static CatalogResult Parse(CatalogFile file)
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

    private static Package Create(string name, string version, Location location, JsonElement entry)
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
            Purl = Purl.For(PackageType.PhpComposer, vendor, product, version),
            FoundBy = CatalogerName,
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
