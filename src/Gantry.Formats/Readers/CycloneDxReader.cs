using System.Text.Json;
using Gantry.Core;

namespace Gantry.Formats.Readers;

/// <summary>
/// Reads a CycloneDX JSON BOM (1.2 and later, including cdxgen's and syft's) into an SBOM: every component (nested
/// ones too) with a name becomes a package, the operating-system component the distro, dependencies become
/// <c>dependency-of</c> relationships, Gantry's properties restore layers and ownership.
/// </summary>
internal static class CycloneDxReader
{
    private const string FoundBy = "cyclonedx-sbom-reader";

    public static bool Accepts(JsonElement root) => root.Str("bomFormat") == "CycloneDX";

    public static Sbom Read(JsonElement root, string input)
    {
        var metadataComponent = root.Obj("metadata")?.Obj("component");
        var image = metadataComponent is { } mc
            ? PackageFacts.ImageFrom(Properties(mc), input, ManifestDigest(mc))
            : new ImageDescription { Input = input, Kind = "sbom" };

        Distro? distro = null;
        var packages = new List<Package>();
        var idByRef = new Dictionary<string, string>(StringComparer.Ordinal);
        var ownersByRef = new List<(string Owner, string Owned)>();
        var diagnostics = new List<Diagnostic>();
        foreach (var component in Flatten(root.Array("components")))
        {
            var properties = Properties(component);
            if (component.Str("type") == "operating-system")
            {
                distro ??= component.Str("name") is { } osName ? PackageFacts.DistroFrom(osName, component.Str("version"), component.Str("description"), properties) : null;
                continue;
            }

            var facts = new PackageFacts
            {
                Name = component.Str("name"),
                Version = component.Str("version"),
                Purl = component.Str("purl"),
                Cpes = component.Str("cpe") is { } cpe ? [cpe] : [],
                Licenses = Licenses(component),
                Properties = properties,
                EvidencePaths = (component.Obj("evidence") ?? default).Array("occurrences").Select(o => o.Str("location")).OfType<string>().ToList(),
            };
            if (facts.ToPackage(FoundBy) is not { } package)
            {
                diagnostics.Add(new Diagnostic(DiagnosticCodes.MalformedPackageEntry, $"component {component.Str("bom-ref") ?? "?"} has no name; skipped"));
                continue;
            }

            packages.Add(package);
            if (component.Str("bom-ref") is { } bomRef)
            {
                idByRef.TryAdd(bomRef, package.Id);
                ownersByRef.AddRange(facts.Values(Common.GantryProperties.OwnedBy).Select(owner => (owner, bomRef)));
            }
        }

        var relationships = new List<Relationship>();
        foreach (var dependency in root.Array("dependencies"))
        {
            if (dependency.Str("ref") is { } parent && idByRef.TryGetValue(parent, out var parentId))
            {
                relationships.AddRange(dependency.Strings("dependsOn")
                    .Where(idByRef.ContainsKey)
                    .Select(child => new Relationship(idByRef[child], parentId, Relationship.DependencyOf)));
            }
        }

        relationships.AddRange(ownersByRef
            .Where(o => idByRef.ContainsKey(o.Owner) && idByRef.ContainsKey(o.Owned))
            .Select(o => new Relationship(idByRef[o.Owner], idByRef[o.Owned], Relationship.OwnershipByFileOverlap)));
        return new Sbom
        {
            Source = image,
            Distro = distro ?? PackageFacts.DistroFromPurls(packages),
            Packages = packages,
            Relationships = relationships,
            Diagnostics = diagnostics,
        };
    }

    private static IEnumerable<JsonElement> Flatten(IEnumerable<JsonElement> components)
    {
        foreach (var component in components)
        {
            yield return component;
            foreach (var nested in Flatten(component.Array("components")))
            {
                yield return nested;
            }
        }
    }

    private static List<KeyValuePair<string, string>> Properties(JsonElement component) =>
        component.Array("properties")
            .Where(p => p.Str("name") is not null)
            .Select(p => new KeyValuePair<string, string>(p.Str("name")!, p.Str("value") ?? string.Empty))
            .ToList();

    /// <summary>license.id, license.name or expression, whichever each entry carries.</summary>
    private static List<string> Licenses(JsonElement component) =>
        component.Array("licenses")
            .Select(l => l.Str("expression") ?? l.Obj("license")?.Str("id") ?? l.Obj("license")?.Str("name"))
            .OfType<string>()
            .ToList();

    private static string? ManifestDigest(JsonElement component) =>
        component.Array("hashes").FirstOrDefault(h => h.Str("alg") == "SHA-256").Str("content") is { Length: 64 } hex ? "sha256:" + hex : null;
}
