using System.Text.Json;
using Gantry.Core;
using Gantry.Formats.Common;

namespace Gantry.Formats.Readers;

/// <summary>
/// Reads an SPDX 2.x JSON document into an SBOM. The described root is the image when it is a CONTAINER (or carries
/// Gantry's source annotations), otherwise an ordinary package; an OPERATING_SYSTEM package is the distro; purl and
/// CPE external references give types and CPEs; DEPENDS_ON / DEPENDENCY_OF and Gantry's ownership edges are kept.
/// </summary>
internal static class SpdxReader
{
    private const string FoundBy = "spdx-sbom-reader";

    public static bool Accepts(JsonElement root) => root.Str("spdxVersion") is { } v && v.StartsWith("SPDX-2.", StringComparison.Ordinal);

    public static Sbom Read(JsonElement root, string input)
    {
        var describes = root.Strings("documentDescribes")
            .Concat(root.Array("relationships").Where(r => r.Str("relationshipType") == "DESCRIBES" && r.Str("spdxElementId") == "SPDXRef-DOCUMENT").Select(r => r.Str("relatedSpdxElement")).OfType<string>())
            .ToHashSet(StringComparer.Ordinal);
        var licenseNames = root.Array("hasExtractedLicensingInfos")
            .Where(l => l.Str("licenseId") is not null && l.Str("name") is not null)
            .GroupBy(l => l.Str("licenseId")!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Str("name")!, StringComparer.Ordinal);

        ImageDescription? image = null;
        Distro? distro = null;
        var packages = new List<Package>();
        var idBySpdxId = new Dictionary<string, string>(StringComparer.Ordinal);
        var diagnostics = new List<Diagnostic>();
        foreach (var element in root.Array("packages"))
        {
            var spdxId = element.Str("SPDXID") ?? string.Empty;
            var properties = Annotations(element);
            var purpose = element.Str("primaryPackagePurpose");
            if (image is null && describes.Contains(spdxId) && (purpose == "CONTAINER" || properties.Any(p => p.Key == GantryProperties.SourceKind)))
            {
                var digest = element.Array("checksums").FirstOrDefault(c => c.Str("algorithm") == "SHA256").Str("checksumValue");
                image = PackageFacts.ImageFrom(properties, input, digest is { Length: 64 } ? "sha256:" + digest : null);
                continue;
            }

            if (purpose is "OPERATING_SYSTEM" or "OPERATING-SYSTEM" && element.Str("name") is { } osName)
            {
                distro ??= PackageFacts.DistroFrom(osName, element.Str("versionInfo"), element.Str("description"), properties);
                continue;
            }

            var refs = element.Array("externalRefs").ToList();
            var facts = new PackageFacts
            {
                Name = element.Str("name"),
                Version = element.Str("versionInfo"),
                Purl = refs.FirstOrDefault(r => r.Str("referenceType") == "purl").Str("referenceLocator"),
                Cpes = refs.Where(r => r.Str("referenceType") is "cpe23Type" or "cpe22Type").Select(r => r.Str("referenceLocator")).OfType<string>().ToList(),
                Licenses = Licenses(element.Str("licenseDeclared") ?? element.Str("licenseConcluded"), licenseNames),
                Properties = properties,
            };
            if (facts.ToPackage(FoundBy) is not { } package)
            {
                diagnostics.Add(new Diagnostic(DiagnosticCodes.MalformedPackageEntry, $"package {spdxId} has no name; skipped"));
                continue;
            }

            packages.Add(package);
            idBySpdxId.TryAdd(spdxId, package.Id);
        }

        return new Sbom
        {
            Source = image ?? new ImageDescription { Input = input, Kind = "sbom" },
            Distro = distro ?? PackageFacts.DistroFromPurls(packages),
            Packages = packages,
            Relationships = Relationships(root, idBySpdxId),
            Diagnostics = diagnostics,
        };
    }

    private static List<Relationship> Relationships(JsonElement root, Dictionary<string, string> idBySpdxId)
    {
        var relationships = new List<Relationship>();
        foreach (var r in root.Array("relationships"))
        {
            if (r.Str("spdxElementId") is not { } a || r.Str("relatedSpdxElement") is not { } b
                || !idBySpdxId.TryGetValue(a, out var from) || !idBySpdxId.TryGetValue(b, out var to))
            {
                continue;
            }

            var relationship = r.Str("relationshipType") switch
            {
                "DEPENDENCY_OF" => new Relationship(from, to, Relationship.DependencyOf),
                "DEPENDS_ON" => new Relationship(to, from, Relationship.DependencyOf),
                "OTHER" when r.Str("comment") is { } c && c.StartsWith(Relationship.OwnershipByFileOverlap, StringComparison.Ordinal)
                    => new Relationship(from, to, Relationship.OwnershipByFileOverlap),
                _ => null,
            };
            if (relationship is not null)
            {
                relationships.Add(relationship);
            }
        }

        return relationships;
    }

    /// <summary>
    /// A conjunction without parentheses is split back into its licenses (Gantry joins a package's licenses with AND);
    /// <c>LicenseRef-</c>s with a name in the document read as that name.
    /// </summary>
    private static List<string> Licenses(string? declared, Dictionary<string, string> licenseNames)
    {
        if (declared is null or "NOASSERTION" or "NONE")
        {
            return [];
        }

        var parts = declared.Contains('(', StringComparison.Ordinal) || declared.Contains(" OR ", StringComparison.Ordinal)
            ? [declared]
            : declared.Split(" AND ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Select(p => licenseNames.GetValueOrDefault(p, p)).ToList();
    }

    private static List<KeyValuePair<string, string>> Annotations(JsonElement element) =>
        element.Array("annotations")
            .Select(a => a.Str("comment"))
            .OfType<string>()
            .Where(c => c.StartsWith("gantry:", StringComparison.Ordinal) && c.Contains('=', StringComparison.Ordinal))
            .Select(c => new KeyValuePair<string, string>(c[..c.IndexOf('=', StringComparison.Ordinal)], c[(c.IndexOf('=', StringComparison.Ordinal) + 1)..]))
            .ToList();
}
