using Gantry.Cataloging.Common;
using Gantry.Cataloging.Cpe;
using Gantry.Core;
using Gantry.Images.FileSystem;

namespace Gantry.Cataloging.Rpm;

/// <summary>Installed rpm packages, from whichever rpmdb format the image has, in either of rpm's database folders.</summary>
internal sealed class RpmCataloger : ICataloger
{
    private const string SqliteName = "rpmdb.sqlite";
    private const string NdbName = "Packages.db";
    private const string BerkeleyName = "Packages";
    private static readonly string[] Folders = ["/var/lib/rpm", "/usr/lib/sysimage/rpm"];

    public string Name => "rpm-db-cataloger";

    public IReadOnlyList<string> RequestedGlobs { get; } =
        [.. Folders.SelectMany(f => new[] { $"{f}/{SqliteName}", $"{f}/{SqliteName}-wal", $"{f}/{NdbName}", $"{f}/{BerkeleyName}" })];

    public ValueTask<CatalogResult> CatalogAsync(CatalogContext context, CancellationToken cancellationToken)
    {
        var files = context.Files;
        var packages = new List<Package>();
        var diagnostics = new List<Diagnostic>();
        foreach (var path in Folders.SelectMany(f => new[] { $"{f}/{SqliteName}", $"{f}/{NdbName}", $"{f}/{BerkeleyName}" }))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (files.GetFile(path) is not { } node || !files.TryReadFile(path, out var content))
            {
                continue;
            }

            var location = FileCatalog.LocationOf(files, node);
            try
            {
                var headers = ReadHeaders(path, content, files.TryReadFile(path + "-wal", out var wal) ? wal : default, diagnostics, location);
                var layers = LayerAttribution.Compute(files.GetLayerVersions(path), version =>
                    ReadHeaders(path, version, WalOfLayer(files, path, version), [], location).Select(h => ($"{h.Name}.{h.Architecture}", $"{h.Epoch}:{h.Nevra}")));
                packages.AddRange(headers.Select(h => ToPackage(h, context.Distro, location with { LayerDiffId = layers.GetValueOrDefault($"{h.Name}.{h.Architecture}", location.LayerDiffId) })));
            }
            catch (InvalidDataException ex)
            {
                diagnostics.Add(new Diagnostic(DiagnosticCodes.MalformedFile, $"{path}: {ex.Message}", path, location.LayerDiffId.Length > 0 ? location.LayerDiffId : null));
            }
        }

        return ValueTask.FromResult(new CatalogResult(packages, [], diagnostics));
    }

    /// <summary>Every header of the database; a header that does not parse is reported and skipped.</summary>
    private static List<RpmHeader> ReadHeaders(string path, ReadOnlyMemory<byte> content, ReadOnlyMemory<byte> wal,
        List<Diagnostic> diagnostics, Location location)
    {
        var blobs = path.EndsWith(SqliteName, StringComparison.Ordinal) ? RpmDatabaseReaders.ReadSqlite(content.Span, wal.Span)
            : path.EndsWith(NdbName, StringComparison.Ordinal) ? RpmDatabaseReaders.ReadNdb(content.Span)
            : RpmDatabaseReaders.ReadBerkeleyHash(content.Span);
        var headers = new List<RpmHeader>(blobs.Count);
        foreach (var blob in blobs)
        {
            try
            {
                headers.Add(RpmHeaderParser.Parse(blob));
            }
            catch (InvalidDataException ex)
            {
                diagnostics.Add(new Diagnostic(DiagnosticCodes.MalformedPackageEntry, $"{path}: {ex.Message}", path,
                    location.LayerDiffId.Length > 0 ? location.LayerDiffId : null));
            }
        }

        return headers;
    }

    /// <summary>The write-ahead log the same layer wrote alongside its copy of the database.</summary>
    private static ReadOnlyMemory<byte> WalOfLayer(IFileResolver files, string path, ReadOnlyMemory<byte> database)
    {
        var layer = files.GetLayerVersions(path).FirstOrDefault(v => v.Content.Equals(database))?.LayerIndex;
        return files.GetLayerVersions(path + "-wal").FirstOrDefault(v => v.LayerIndex == layer)?.Content ?? default;
    }

    private Package ToPackage(RpmHeader header, Distro? distro, Location location)
    {
        var qualifiers = new Dictionary<string, string>();
        if (header.Architecture is { Length: > 0 } arch)
        {
            qualifiers["arch"] = arch;
        }

        if (header.Epoch is { } epoch)
        {
            qualifiers["epoch"] = epoch.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (header.SourceRpm is { Length: > 0 } source)
        {
            qualifiers["upstream"] = source;
        }

        if (distro is { VersionId.Length: > 0 })
        {
            qualifiers["distro"] = $"{distro.Id}-{distro.VersionId}";
        }

        var versionRelease = $"{header.Version}-{header.Release}";
        return new Package
        {
            Name = header.Name,
            Version = header.Epoch is { } e ? $"{e.ToString(System.Globalization.CultureInfo.InvariantCulture)}:{versionRelease}" : versionRelease,
            Type = PackageType.Rpm,
            Purl = Purl.For(PackageType.Rpm, distro?.Id, header.Name, versionRelease, qualifiers),
            FoundBy = Name,
            LayerDiffId = location.LayerDiffId,
            Locations = [location],
            Licenses = header.License is { Length: > 0 } license ? [license] : [],
            Files = header.Files,
            Cpes = CpeGenerator.Candidates(header.Version, (VendorWord(header.Vendor), header.Name), (header.Name, header.Name)),
            Metadata = new MetadataBuilder()
                .Add("epoch", header.Epoch?.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Add("release", header.Release)
                .Add("architecture", header.Architecture)
                .Add(MetadataKeys.SourceRpm, header.SourceRpm)
                .Add("vendor", header.Vendor)
                .Add(MetadataKeys.ModularityLabel, header.ModularityLabel)
                .Add("size", header.Size?.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Build(),
        };
    }

    /// <summary>"Red Hat, Inc." → "redhat": the vendor as NVD spells org names.</summary>
    private static string? VendorWord(string? vendor) =>
        vendor is null ? null : new string(vendor.Split(',')[0].Where(char.IsAsciiLetterOrDigit).ToArray()).ToLowerInvariant();
}
