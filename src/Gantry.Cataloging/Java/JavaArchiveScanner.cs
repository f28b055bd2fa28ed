using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Gantry.Cataloging.Common;
using Gantry.Cataloging.Cpe;
using Gantry.Core;

namespace Gantry.Cataloging.Java;

/// <summary>
/// Scans one top-level Java archive and the archives nested in it, within <see cref="JavaLimits"/>:
/// each over-limit entry, over-deep archive or corrupt zip becomes a diagnostic and the scan goes on
/// with the rest. Packages come from <c>pom.properties</c>, else <c>pom.xml</c>, else the manifest and the
/// file name.
/// </summary>
internal sealed partial class JavaArchiveScanner(CatalogFile file, string foundBy)
{
    private static readonly string[] ArchiveExtensions = [".jar", ".war", ".ear", ".jpi", ".hpi"];

    private readonly List<Package> _packages = [];
    private readonly List<Diagnostic> _diagnostics = [];
    private long _budget = JavaLimits.MaxDecompressedBytesPerArchive;

    public static bool IsArchive(string path) => ArchiveExtensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    public CatalogResult Scan()
    {
        Scan(file.Content, file.Path, 0);
        return new CatalogResult(_packages, [], _diagnostics);
    }

    private void Scan(ReadOnlyMemory<byte> content, string virtualPath, int depth)
    {
        var bytes = MemoryMarshal.TryGetArray(content, out var segment) ? segment : new ArraySegment<byte>(content.ToArray());
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(new MemoryStream(bytes.Array!, bytes.Offset, bytes.Count, writable: false), ZipArchiveMode.Read);
        }
        catch (InvalidDataException ex)
        {
            Report(virtualPath, $"not a readable zip archive ({ex.Message})");
            return;
        }

        using (zip)
        {
            var pomProperties = new List<MavenCoordinates>();
            var pomXmls = new List<MavenCoordinates>();
            Dictionary<string, string>? manifest = null;
            var nested = new List<ZipArchiveEntry>();
            var index = 0;
            foreach (var entry in zip.Entries)
            {
                if (++index > JavaLimits.MaxEntries)
                {
                    Report(virtualPath, $"more than {JavaLimits.MaxEntries} entries; the rest are not read");
                    break;
                }

                var name = entry.FullName;
                if (name.StartsWith("META-INF/maven/", StringComparison.Ordinal) && name.EndsWith("/pom.properties", StringComparison.Ordinal))
                {
                    pomProperties.AddRange(ReadText(entry, virtualPath) is { } text ? [JavaMetadataParsers.ParsePomProperties(text)] : []);
                }
                else if (name.StartsWith("META-INF/maven/", StringComparison.Ordinal) && name.EndsWith("/pom.xml", StringComparison.Ordinal))
                {
                    if (ReadText(entry, virtualPath) is { } text)
                    {
                        try
                        {
                            pomXmls.Add(JavaMetadataParsers.ParsePomXml(text));
                        }
                        catch (System.Xml.XmlException ex)
                        {
                            Report($"{virtualPath}:{name}", ex.Message);
                        }
                    }
                }
                else if (name.Equals("META-INF/MANIFEST.MF", StringComparison.OrdinalIgnoreCase))
                {
                    manifest = ReadText(entry, virtualPath) is { } text ? JavaMetadataParsers.ParseManifest(text) : null;
                }
                else if (IsArchive(name) && !name.EndsWith('/'))
                {
                    nested.Add(entry);
                }
            }

            AddPackages(virtualPath, pomProperties, pomXmls, manifest ?? []);
            foreach (var entry in nested)
            {
                var innerPath = $"{virtualPath}:{entry.FullName}";
                if (depth + 1 > JavaLimits.MaxNestingDepth)
                {
                    Report(innerPath, $"archive nested more than {JavaLimits.MaxNestingDepth} deep; not opened");
                    continue;
                }

                if (Read(entry, JavaLimits.MaxNestedArchiveBytes, virtualPath) is { } inner)
                {
                    Scan(inner, innerPath, depth + 1);
                }
            }
        }
    }

    private void AddPackages(string virtualPath, List<MavenCoordinates> pomProperties, List<MavenCoordinates> pomXmls, Dictionary<string, string> manifest)
    {
        var fromPoms = (pomProperties.Count > 0 ? pomProperties : pomXmls)
            .Where(c => c.ArtifactId is { Length: > 0 } && c.Version is { Length: > 0 })
            .DistinctBy(c => (c.GroupId, c.ArtifactId, c.Version))
            .ToList();
        if (fromPoms.Count > 0)
        {
            _packages.AddRange(fromPoms.Select(c => Create(c.GroupId, c.ArtifactId!, c.Version!, virtualPath, manifest)));
            return;
        }

        var (fileName, fileVersion) = NameAndVersionFromFileName(virtualPath);
        var name = First(manifest, "Implementation-Title", "Bundle-SymbolicName", "Specification-Title") ?? fileName;
        var version = First(manifest, "Implementation-Version", "Bundle-Version", "Specification-Version") ?? fileVersion;
        if (name is null || version is null)
        {
            return; // an archive with nothing naming it (resources, test data) is not reported as a package
        }

        var groupId = First(manifest, "Implementation-Vendor-Id") ?? SymbolicNameGroup(First(manifest, "Bundle-SymbolicName"));
        _packages.Add(Create(groupId, fileName ?? name.Split(';')[0].Trim(), version, virtualPath, manifest));
    }

    private Package Create(string? groupId, string artifactId, string version, string virtualPath, Dictionary<string, string> manifest)
    {
        var vendors = VendorCandidates(groupId).Append(artifactId).ToList();
        return new Package
        {
            Name = artifactId,
            Version = version,
            Type = PackageType.JavaArchive,
            Purl = Purl.For(PackageType.JavaArchive, groupId, artifactId, version),
            FoundBy = foundBy,
            LayerDiffId = file.Location.LayerDiffId,
            Locations = [file.Location],
            Cpes = CpeGenerator.Candidates(version, [.. vendors.Select(v => ((string?)v, (string?)artifactId))]),
            Metadata = new MetadataBuilder()
                .Add(MetadataKeys.GroupId, groupId)
                .Add(MetadataKeys.ArtifactId, artifactId)
                .Add("virtualPath", virtualPath)
                .Add("manifestName", First(manifest, "Implementation-Title", "Bundle-Name"))
                .Add("manifestVendor", First(manifest, "Implementation-Vendor", "Bundle-Vendor"))
                .Build(),
        };
    }

    /// <summary>"org.apache.commons" → "apache"; "com.fasterxml.jackson.core" → "fasterxml", "jackson": NVD vendors are org names.</summary>
    private static IEnumerable<string> VendorCandidates(string? groupId)
    {
        if (groupId is null)
        {
            return [];
        }

        var parts = groupId.Split('.', StringSplitOptions.RemoveEmptyEntries);
        var skip = parts.Length > 1 && parts[0].Length <= 3 ? 1 : 0;
        return parts.Skip(skip).Take(2).Where(p => p.Length > 1);
    }

    private string? ReadText(ZipArchiveEntry entry, string virtualPath) =>
        Read(entry, JavaLimits.MaxMetadataBytes, virtualPath) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;

    /// <summary>
    /// Decompresses one entry, trusting neither its declared size nor the compression ratio: reading
    /// stops one byte past the cap, and every byte counts against the archive's budget.
    /// </summary>
    private byte[]? Read(ZipArchiveEntry entry, int cap, string virtualPath)
    {
        var where = $"{virtualPath}:{entry.FullName}";
        if (entry.Length > cap)
        {
            Report(where, $"entry declares {entry.Length} bytes, over the {cap}-byte limit; not read");
            return null;
        }

        try
        {
            using var stream = entry.Open();
            var buffer = new byte[Math.Min(cap + 1L, Math.Max(entry.Length + 1, 4096))];
            var total = 0;
            int read;
            while ((read = stream.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += read;
                if (total > cap)
                {
                    Report(where, $"entry inflates past the {cap}-byte limit; not read");
                    return null;
                }

                if (total == buffer.Length)
                {
                    Array.Resize(ref buffer, (int)Math.Min(cap + 1L, buffer.Length * 2L));
                }
            }

            _budget -= total;
            if (_budget < 0)
            {
                Report(where, $"the archive inflates past {JavaLimits.MaxDecompressedBytesPerArchive} bytes in total; not read");
                return null;
            }

            return buffer[..total];
        }
        catch (InvalidDataException ex)
        {
            Report(where, $"corrupt entry ({ex.Message})");
            return null;
        }
    }

    private void Report(string where, string problem) =>
        _diagnostics.Add(new Diagnostic(DiagnosticCodes.MalformedFile, $"{where}: {problem}", file.Path,
            file.Location.LayerDiffId.Length > 0 ? file.Location.LayerDiffId : null));

    private static string? First(Dictionary<string, string> manifest, params string[] keys) =>
        keys.Select(k => manifest.GetValueOrDefault(k)).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    private static string? SymbolicNameGroup(string? symbolicName)
    {
        var bare = symbolicName?.Split(';')[0].Trim();
        var dot = bare?.LastIndexOf('.') ?? -1;
        return dot > 0 ? bare![..dot] : null;
    }

    /// <summary>"commons-lang3-3.12.0.jar" → ("commons-lang3", "3.12.0"); the version starts at the first "-DIGIT".</summary>
    private static (string? Name, string? Version) NameAndVersionFromFileName(string virtualPath)
    {
        var fileName = Path.GetFileNameWithoutExtension(virtualPath[(virtualPath.LastIndexOfAny(['/', ':']) + 1)..]);
        var match = FileNamePattern().Match(fileName);
        return match.Success ? (match.Groups["name"].Value, match.Groups["version"].Value) : (fileName.Length > 0 ? fileName : null, null);
    }

    [GeneratedRegex(@"^(?<name>.+?)-(?<version>\d[\w.\-+]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex FileNamePattern();
}
