using Gantry.Cataloging.Cpe;
using Gantry.Core;
using Gantry.Images.FileSystem;

namespace Gantry.Cataloging.Dpkg;

/// <summary>
/// Debian packages from <c>/var/lib/dpkg/status</c> and distroless <c>/var/lib/dpkg/status.d/*</c>,
/// with the files each owns from <c>info/*.list</c> and <c>*.md5sums</c>.
/// </summary>
internal sealed class DpkgCataloger : ICataloger
{
    private const string StatusPath = "/var/lib/dpkg/status";
    private const string StatusDirectory = "/var/lib/dpkg/status.d";
    private const string InfoDirectory = "/var/lib/dpkg/info";
    private const string DpkgCatalogerName = "dpkg-db-cataloger";

    public string Name => DpkgCatalogerName;

    public IReadOnlyList<string> RequestedGlobs { get; } =
        [StatusPath, StatusDirectory + "/*", InfoDirectory + "/*.list", InfoDirectory + "/*.md5sums"];

    public ValueTask<CatalogResult> CatalogAsync(CatalogContext context, CancellationToken cancellationToken)
    {
        var files = context.Files;
        var packages = new List<Package>();
        var diagnostics = new List<Diagnostic>();
        var owned = new DpkgOwnedFiles(files);
        if (files.TryReadFile(StatusPath, out var status))
        {
            var layers = LayerAttribution.Compute(files.GetLayerVersions(StatusPath), ReadPresent);
            var (entries, errors) = DpkgStatusParser.Parse(status.Span);
            diagnostics.AddRange(errors.Select(e => new Diagnostic(DiagnosticCodes.MalformedPackageEntry, $"{StatusPath}: {e}", StatusPath)));
            foreach (var entry in entries.Where(DpkgStatusParser.IsPresent))
            {
                var layer = layers.GetValueOrDefault(entry.Package, string.Empty);
                packages.Add(ToPackage(entry, context.Distro, new Location(StatusPath, layer), owned.Of(InfoDirectory, entry)));
            }
        }

        foreach (var node in files.FindFiles(StatusDirectory + "/*").Where(n => !n.Path.EndsWith(".md5sums", StringComparison.Ordinal)))
        {
            if (!files.TryReadFile(node.Path, out var content))
            {
                continue;
            }

            var (entries, errors) = DpkgStatusParser.Parse(content.Span);
            diagnostics.AddRange(errors.Select(e => new Diagnostic(DiagnosticCodes.MalformedPackageEntry, $"{node.Path}: {e}", node.Path)));
            foreach (var entry in entries.Where(DpkgStatusParser.IsPresent))
            {
                var layer = LayerAttribution.LayerOfFile(files.GetLayerVersions(node.Path), entry.Version,
                    c => DpkgStatusParser.Parse(c.Span).Entries.FirstOrDefault(e => e.Package == entry.Package)?.Version);
                packages.Add(ToPackage(entry, context.Distro, new Location(node.Path, layer), owned.Of(StatusDirectory, entry)));
            }
        }

        return ValueTask.FromResult(new CatalogResult(packages, [], diagnostics));
    }

    private static IEnumerable<(string, string)> ReadPresent(ReadOnlyMemory<byte> content) =>
        DpkgStatusParser.Parse(content.Span).Entries.Where(DpkgStatusParser.IsPresent).Select(e => (e.Package, e.Version));

    private static Package ToPackage(DpkgEntry entry, Distro? distro, Location location, IReadOnlyList<string> owned)
    {
        var namespaceId = distro?.Id is "ubuntu" ? "ubuntu" : distro?.Id ?? "debian";
        var qualifiers = new Dictionary<string, string>();
        if (entry.Architecture is { Length: > 0 } arch)
        {
            qualifiers["arch"] = arch;
        }

        if (entry.SourceName != entry.Package || entry.SourceVersion != entry.Version)
        {
            qualifiers["upstream"] = entry.SourceVersion != entry.Version ? $"{entry.SourceName}@{entry.SourceVersion}" : entry.SourceName!;
        }

        if (distro is { VersionId.Length: > 0 })
        {
            qualifiers["distro"] = $"{distro.Id}-{distro.VersionId}";
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [MetadataKeys.SourceName] = entry.SourceName!,
            [MetadataKeys.SourceVersion] = entry.SourceVersion!,
        };
        AddIfPresent(metadata, "architecture", entry.Architecture);
        AddIfPresent(metadata, "maintainer", entry.Maintainer);
        AddIfPresent(metadata, "installedSize", entry.InstalledSize);

        return new Package
        {
            Name = entry.Package,
            Version = entry.Version,
            Type = PackageType.Deb,
            Purl = Purl.For(PackageType.Deb, namespaceId, entry.Package, entry.Version, qualifiers),
            FoundBy = DpkgCatalogerName,
            LayerDiffId = location.LayerDiffId,
            Locations = [location],
            Files = owned,
            Cpes = CpeGenerator.Candidates(UpstreamVersion(entry.Version), (entry.Package, entry.Package), (entry.SourceName, entry.SourceName)),
            Metadata = metadata,
        };
    }

    /// <summary>The upstream part of a Debian version (no epoch, no Debian revision): what NVD's CPE ranges speak.</summary>
    private static string UpstreamVersion(string version)
    {
        var colon = version.IndexOf(':', StringComparison.Ordinal);
        var upstream = colon >= 0 ? version[(colon + 1)..] : version;
        var dash = upstream.LastIndexOf('-');
        return dash > 0 ? upstream[..dash] : upstream;
    }

    private static void AddIfPresent(Dictionary<string, string> metadata, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            metadata[key] = value;
        }
    }
}
