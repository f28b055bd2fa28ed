using System.Text;
using System.Text.Json.Nodes;
using Gantry.TestKit.Images;

namespace Gantry.IntegrationTests.Scan;

/// <summary>How a distro keeps its package database, and so how its versions compare.</summary>
public enum PackageDatabase
{
    /// <summary><c>/var/lib/dpkg/status</c>, Debian versions (<c>dpkg --compare-versions</c>).</summary>
    Dpkg,

    /// <summary><c>/var/lib/rpm/rpmdb.sqlite</c> (rpm ≥ 4.16: RHEL/UBI 9, Rocky, AlmaLinux), rpm versions (<c>rpm.labelCompare</c>).</summary>
    RpmSqlite,

    /// <summary><c>/usr/lib/sysimage/rpm/Packages.db</c> (SLE 15 and openSUSE), rpm versions.</summary>
    RpmNdb,

    /// <summary><c>/lib/apk/db/installed</c>, apk versions (Gantry's differential-tested comparator).</summary>
    Apk,
}

/// <summary>An installed package: its name and version, the source package (and version) it was built from, its module stream.</summary>
public sealed record InstalledPackage(string Name, string Version, string? Source = null, string? SourceVersion = null, string? ModularityLabel = null);

/// <summary>
/// One advisory for one package in one OSV ecosystem string as the distro publishes it; <paramref name="Fixed"/> null
/// while unfixed. <paramref name="Stream"/> is a Red Hat module stream (<c>nodejs:18</c>), written as the purl's
/// <c>rpmmod</c> qualifier; <paramref name="Applies"/> false for entries of another release or product, which no
/// image of this release reads.
/// </summary>
public sealed record Advisory(string Id, string Ecosystem, string Package, string? Fixed, string? Stream = null, bool Applies = true);

/// <summary>
/// A distro as an image carries it (its real <c>os-release</c>, its package database format) and the advisories its
/// OSV export holds for it, written in the distro's own record shape.
/// </summary>
public sealed record DistroCase(
    string Name,
    string OsvEcosystem,
    string OsRelease,
    PackageDatabase Database,
    IReadOnlyList<InstalledPackage> Installed,
    IReadOnlyList<Advisory> Advisories,
    string ExpectedNamespace)
{
    /// <summary>The advisories of the case, one OSV file each, as the distro writes them.</summary>
    public IEnumerable<(string File, string Json)> Records() =>
        Advisories.GroupBy(a => a.Id).Select(g => (g.Key.Replace(':', '_') + ".json", OsvRecords.Write(Name, g.ToList()).ToJsonString()));

    /// <summary>The image: os-release and the package database at the distro's path.</summary>
    public BuiltImage Image() => new SyntheticImage { RepoTag = $"test/{Name}:1" }
        .Layer(layer =>
        {
            layer.File(Name is "ubuntu" ? "etc/os-release" : "usr/lib/os-release", OsRelease);
            _ = Database switch
            {
                PackageDatabase.Dpkg => layer.File("var/lib/dpkg/status", DpkgStatus()),
                PackageDatabase.RpmSqlite => layer.File("var/lib/rpm/rpmdb.sqlite", RpmDatabaseWriter.Sqlite([.. Installed.Select(Rpm)])),
                PackageDatabase.RpmNdb => layer.File("usr/lib/sysimage/rpm/Packages.db", RpmDatabaseWriter.Ndb([.. Installed.Select(Rpm)])),
                _ => layer.File("lib/apk/db/installed", ApkInstalled()),
            };
        }, $"ADD {Name}-rootfs.tar /")
        .Build();

    private string DpkgStatus()
    {
        var text = new StringBuilder();
        foreach (var p in Installed)
        {
            text.Append($"Package: {p.Name}\nStatus: install ok installed\nPriority: optional\nSection: libs\nInstalled-Size: 100\n")
                .Append("Maintainer: Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>\nArchitecture: amd64\n");
            if (p.Source is not null)
            {
                text.Append(p.SourceVersion is null ? $"Source: {p.Source}\n" : $"Source: {p.Source} ({p.SourceVersion})\n");
            }

            text.Append($"Version: {p.Version}\nDescription: {p.Name}\n\n");
        }

        return text.ToString();
    }

    private string ApkInstalled() =>
        string.Concat(Installed.Select(p => $"C:Q1{Convert.ToBase64String(Encoding.UTF8.GetBytes(p.Name.PadRight(20, '0')))[..27]}=\nP:{p.Name}\nV:{p.Version}\nA:x86_64\nS:1000\nI:4000\nT:{p.Name}\nU:https://example.test\nL:MIT\no:{p.Source ?? p.Name}\nm:Wolfi <wolfi@example.test>\nt:1700000000\n\n"));

    /// <summary>An rpm header for <c>[EPOCH:]VERSION-RELEASE</c>, its source rpm named after the source package.</summary>
    private static RpmPackage Rpm(InstalledPackage p)
    {
        var colon = p.Version.IndexOf(':', StringComparison.Ordinal);
        int? epoch = colon > 0 ? int.Parse(p.Version[..colon], System.Globalization.CultureInfo.InvariantCulture) : null;
        var evr = p.Version[(colon + 1)..];
        var dash = evr.LastIndexOf('-');
        var (version, release) = (evr[..dash], evr[(dash + 1)..]);
        return new RpmPackage(p.Name, version, release, "x86_64", $"{p.Source ?? p.Name}-{version}-{release}.src.rpm", epoch, p.ModularityLabel);
    }
}

/// <summary>
/// OSV records in each distro's published shape: Ubuntu's <c>UBUNTU-CVE-…</c> with <c>upstream</c>, an <c>Ubuntu</c>
/// severity and the binaries in <c>ecosystem_specific</c>; Red Hat's RHSA with <c>0:</c> epochs, a purl per package
/// (module streams in <c>rpmmod</c>); SUSE's and openSUSE's <c>SUSE-SU</c>/<c>openSUSE-SU</c> with a purl naming the
/// product; Rocky's RLSA and AlmaLinux's ALSA; Wolfi's and Chainguard's <c>CGA-…</c> with CVE and GHSA aliases.
/// </summary>
internal static class OsvRecords
{
    public static JsonObject Write(string distro, IReadOnlyList<Advisory> entries)
    {
        var id = entries[0].Id;
        var cve = "CVE-2099-" + (Math.Abs(StringComparer.Ordinal.GetHashCode(id)) % 90000 + 10000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var record = new JsonObject
        {
            ["schema_version"] = "1.6.0",
            ["id"] = id,
            ["modified"] = "2024-06-01T12:00:00Z",
            ["published"] = "2024-05-01T12:00:00Z",
            ["summary"] = $"{entries[0].Package}: test flaw",
            ["details"] = $"A test flaw in {entries[0].Package}.",
        };
        var affected = new JsonArray(entries.Select(e => (JsonNode)Affected(distro, e)).ToArray());
        switch (distro)
        {
            case "ubuntu":
                record["aliases"] = new JsonArray();
                record["upstream"] = new JsonArray(cve);
                record["severity"] = new JsonArray(
                    new JsonObject { ["type"] = "CVSS_V3", ["score"] = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" },
                    new JsonObject { ["type"] = "Ubuntu", ["score"] = "medium" });
                break;
            case "azurelinux":
                record["aliases"] = new JsonArray(cve);
                record["summary"] = $"{cve} affecting package {entries[0].Package}";
                break;
            case "rhel" or "rocky" or "almalinux":
                record["related"] = new JsonArray(cve);
                record["database_specific"] = new JsonObject { ["severity"] = "Important" };
                break;
            case "sles" or "opensuse-leap" or "opensuse-tumbleweed":
                record["related"] = new JsonArray(cve);
                record["severity"] = new JsonArray(new JsonObject { ["type"] = "CVSS_V3", ["score"] = "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H" });
                break;
            default:
                record["aliases"] = new JsonArray(cve, "GHSA-" + id[4..].ToLowerInvariant());
                break;
        }

        record["affected"] = affected;
        record["references"] = new JsonArray(new JsonObject { ["type"] = "ADVISORY", ["url"] = $"https://example.test/{id}" });
        return record;
    }

    private static JsonObject Affected(string distro, Advisory advisory)
    {
        var events = new JsonArray(new JsonObject { ["introduced"] = "0" });
        if (advisory.Fixed is not null)
        {
            events.Add(new JsonObject { ["fixed"] = advisory.Fixed });
        }

        var package = new JsonObject { ["ecosystem"] = advisory.Ecosystem, ["name"] = advisory.Package };
        var entry = new JsonObject
        {
            ["package"] = package,
            ["ranges"] = new JsonArray(new JsonObject { ["type"] = "ECOSYSTEM", ["events"] = events }),
        };
        switch (distro)
        {
            case "ubuntu":
                package["purl"] = $"pkg:deb/ubuntu/{advisory.Package}@{advisory.Fixed ?? "0"}?arch=source&distro=jammy";
                entry["ecosystem_specific"] = new JsonObject
                {
                    ["binaries"] = new JsonArray(new JsonObject { ["binary_name"] = advisory.Package, ["binary_version"] = advisory.Fixed ?? "0" }),
                    ["availability"] = "No subscription required",
                };
                break;
            case "rhel":
                var rpmmod = advisory.Stream is null ? string.Empty : $"&rpmmod={advisory.Stream}:9040020240229100606:rhel9";
                package["purl"] = $"pkg:rpm/redhat/{advisory.Package}@{advisory.Fixed?.Split(':')[^1]}?arch=src{rpmmod}";
                break;
            case "sles" or "opensuse-leap" or "opensuse-tumbleweed":
                // SUSE writes the product after an '&' (no '?'), percent-encoded.
                package["purl"] = $"pkg:rpm/suse/{advisory.Package}&distro={Uri.EscapeDataString(advisory.Ecosystem.Split(':')[1])}";
                break;
            default:
                break;
        }

        return entry;
    }
}
