using Gantry.Cataloging.Cpe;
using Gantry.Core;

namespace Gantry.Cataloging.Apk;

/// <summary>Alpine packages from <c>/lib/apk/db/installed</c>.</summary>
internal sealed class ApkCataloger : ICataloger
{
    private const string DatabasePath = "/lib/apk/db/installed";

    public string Name => "apk-db-cataloger";

    public IReadOnlyList<string> RequestedGlobs { get; } = [DatabasePath];

    public ValueTask<CatalogResult> CatalogAsync(CatalogContext context, CancellationToken cancellationToken)
    {
        if (!context.Files.TryReadFile(DatabasePath, out var content))
        {
            return ValueTask.FromResult(CatalogResult.Empty);
        }

        var layers = LayerAttribution.Compute(context.Files.GetLayerVersions(DatabasePath),
            c => ApkDatabaseParser.Parse(c.Span).Entries.Select(e => (e.Name, e.Version)));
        var (entries, errors) = ApkDatabaseParser.Parse(content.Span);
        var packages = entries.Select(e => ToPackage(e, context.Distro, layers.GetValueOrDefault(e.Name, string.Empty))).ToList();
        var diagnostics = errors.Select(e => new Diagnostic(DiagnosticCodes.MalformedPackageEntry, $"{DatabasePath}: {e}", DatabasePath)).ToList();
        return ValueTask.FromResult(new CatalogResult(packages, [], diagnostics));
    }

    private Package ToPackage(ApkEntry entry, Distro? distro, string layer)
    {
        var qualifiers = new Dictionary<string, string>();
        if (entry.Architecture is { Length: > 0 } arch)
        {
            qualifiers["arch"] = arch;
        }

        if (entry.Origin is { Length: > 0 } origin && origin != entry.Name)
        {
            qualifiers["upstream"] = origin;
        }

        if (distro is { VersionId.Length: > 0 })
        {
            qualifiers["distro"] = $"{distro.Id}-{distro.VersionId}";
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [MetadataKeys.Origin] = entry.Origin ?? entry.Name };
        if (entry.Architecture is { Length: > 0 })
        {
            metadata["architecture"] = entry.Architecture;
        }

        if (entry.Maintainer is { Length: > 0 })
        {
            metadata["maintainer"] = entry.Maintainer;
        }

        return new Package
        {
            Name = entry.Name,
            Version = entry.Version,
            Type = PackageType.Apk,
            Purl = Purl.For(PackageType.Apk, distro?.Id ?? "alpine", entry.Name, entry.Version, qualifiers),
            FoundBy = Name,
            LayerDiffId = layer,
            Locations = [new Location(DatabasePath, layer)],
            Licenses = entry.License is { Length: > 0 } license ? license.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [],
            Files = entry.Files,
            Cpes = CpeGenerator.Candidates(entry.Version, (entry.Name, entry.Name), (entry.Origin, entry.Origin)),
            Metadata = metadata,
        };
    }
}
