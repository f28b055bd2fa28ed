using Gantry.Core;

namespace Gantry.Formats.Tests;

/// <summary>
/// An SBOM shaped like a real application image: Debian packages with source and upstream, an Alpine package, a scoped
/// npm package, a Python module owned by its Debian package, a Java archive, a Go module and a binary.
/// </summary>
internal static class SampleSboms
{
    public const string BaseLayer = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    public const string AppLayer = "sha256:2222222222222222222222222222222222222222222222222222222222222222";
    public const string ManifestDigest = "sha256:abababababababababababababababababababababababababababababababab";
    public const string ConfigDigest = "sha256:cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd";

    public static Sbom Realistic(string manifestDigest = ManifestDigest)
    {
        var debDistro = new Dictionary<string, string> { ["arch"] = "amd64", ["distro"] = "debian-12" };
        var bash = Package("bash", "5.2.15-2+b2", PackageType.Deb, new Purl("deb", "debian", "bash", "5.2.15-2+b2", new Dictionary<string, string>(debDistro) { ["upstream"] = "bash@5.2.15-2" }),
            "dpkg-db-cataloger", BaseLayer, "/var/lib/dpkg/status", ["GPL-3+", "GPL-3.0-or-later"],
            ["cpe:2.3:a:gnu:bash:5.2.15-2\\+b2:*:*:*:*:*:*:*"],
            new Dictionary<string, string> { ["sourceName"] = "bash", ["sourceVersion"] = "5.2.15-2", ["architecture"] = "amd64" });
        var libssl = Package("libssl3", "3.0.11-1~deb12u2", PackageType.Deb, new Purl("deb", "debian", "libssl3", "3.0.11-1~deb12u2", new Dictionary<string, string>(debDistro) { ["upstream"] = "openssl" }),
            "dpkg-db-cataloger", BaseLayer, "/var/lib/dpkg/status", ["Apache-2.0"],
            ["cpe:2.3:a:libssl3:libssl3:3.0.11-1~deb12u2:*:*:*:*:*:*:*", "cpe:2.3:a:openssl:openssl:3.0.11:*:*:*:*:*:*:*"],
            new Dictionary<string, string> { ["sourceName"] = "openssl", ["sourceVersion"] = "3.0.11-1~deb12u2" });
        var pythonYaml = Package("python3-yaml", "6.0-3+b2", PackageType.Deb, new Purl("deb", "debian", "python3-yaml", "6.0-3+b2", new Dictionary<string, string>(debDistro) { ["upstream"] = "pyyaml" }),
            "dpkg-db-cataloger", AppLayer, "/var/lib/dpkg/status", ["MIT"], [], new Dictionary<string, string> { ["sourceName"] = "pyyaml" });
        var pyyaml = Package("PyYAML", "6.0", PackageType.Python, new Purl("pypi", null, "pyyaml", "6.0"),
            "python-installed-package-cataloger", AppLayer, "/usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/METADATA", ["MIT"], ["cpe:2.3:a:pyyaml:pyyaml:6.0:*:*:*:*:python:*:*"], null);
        var musl = Package("musl", "1.2.4-r2", PackageType.Apk, new Purl("apk", "alpine", "musl", "1.2.4-r2", new Dictionary<string, string> { ["arch"] = "x86_64", ["distro"] = "alpine-3.19.1" }),
            "apk-db-cataloger", BaseLayer, "/lib/apk/db/installed", ["MIT"], [], new Dictionary<string, string> { ["origin"] = "musl" });
        var babel = Package("@babel/core", "7.23.9", PackageType.Npm, new Purl("npm", "@babel", "core", "7.23.9"),
            "javascript-package-cataloger", AppLayer, "/app/node_modules/@babel/core/package.json", ["MIT"], [], null);
        var semver = Package("semver", "6.3.1", PackageType.Npm, new Purl("npm", null, "semver", "6.3.1"),
            "javascript-package-cataloger", AppLayer, "/app/node_modules/semver/package.json", ["ISC"], [], null);
        var jackson = Package("jackson-core", "2.14.1", PackageType.JavaArchive, new Purl("maven", "com.fasterxml.jackson.core", "jackson-core", "2.14.1"),
            "java-archive-cataloger", AppLayer, "/usr/share/java/jackson-core.jar", ["Apache-2.0 OR MIT"], ["cpe:2.3:a:fasterxml:jackson-core:2.14.1:*:*:*:*:*:*:*"], null);
        var xnet = Package("golang.org/x/net", "v0.17.0", PackageType.GoModule, new Purl("golang", "golang.org/x", "net", "v0.17.0"),
            "go-module-binary-cataloger", AppLayer, "/usr/bin/docker-registry", [], [], null);
        var node = Package("node", "18.19.0", PackageType.Binary, new Purl("generic", null, "node", "18.19.0"),
            "binary-classifier", AppLayer, "/usr/local/bin/node", ["BSD-like license"], [], new Dictionary<string, string> { ["confidence"] = "version string" });
        return new Sbom
        {
            Source = new ImageDescription
            {
                Input = "docker-archive:app.tar",
                Kind = "docker-archive",
                ManifestDigest = manifestDigest,
                ConfigDigest = ConfigDigest,
                Tags = ["registry.example.com/team/app:1.4"],
                Architecture = "amd64",
                Os = "linux",
                Layers =
                [
                    new LayerDescription { Index = 0, Digest = "sha256:" + new string('3', 64), DiffId = BaseLayer, Size = 1000, MediaType = "application/vnd.oci.image.layer.v1.tar+gzip", CreatedBy = "debootstrap" },
                    new LayerDescription { Index = 1, Digest = "sha256:" + new string('4', 64), DiffId = AppLayer, Size = 2000, CreatedBy = "COPY app /app" },
                ],
            },
            Distro = new Distro { Id = "debian", VersionId = "12", VersionCodename = "bookworm", PrettyName = "Debian GNU/Linux 12 (bookworm)", Source = "/etc/os-release" },
            Packages = [xnet, bash, node, pyyaml, libssl, musl, babel, semver, jackson, pythonYaml],
            Relationships =
            [
                new Relationship(pythonYaml.Id, pyyaml.Id, Relationship.OwnershipByFileOverlap),
                new Relationship(semver.Id, babel.Id, Relationship.DependencyOf),
                new Relationship(libssl.Id, pythonYaml.Id, Relationship.DependencyOf),
            ],
        };
    }

    public static IReadOnlyList<Finding> Findings(Sbom sbom)
    {
        var libssl = sbom.Packages.Single(p => p.Name == "libssl3");
        var semver = sbom.Packages.Single(p => p.Name == "semver");
        return
        [
            new Finding
            {
                Vulnerability = new Vulnerability
                {
                    Id = "CVE-2023-5678",
                    Aliases = ["CVE-2023-5678"],
                    Summary = "Excessive time spent in DH check / generation with large Q parameter value",
                    Severity = Severity.Medium,
                    Cvss = [new CvssScore("3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L", 5.3, "nvd")],
                    Published = new DateTimeOffset(2023, 11, 6, 16, 15, 0, TimeSpan.Zero),
                    References = ["https://security-tracker.debian.org/tracker/CVE-2023-5678", "not a url"],
                    Cwes = ["CWE-754", "NVD-CWE-Other"],
                    Source = "debian-tracker",
                },
                Package = libssl,
                FixedVersions = ["3.0.13-1~deb12u1"],
                FixState = FixState.Fixed,
                MatchType = "exact-indirect-match",
                Matcher = "dpkg-matcher",
                Namespace = "debian:12",
            },
            new Finding
            {
                Vulnerability = new Vulnerability
                {
                    Id = "GHSA-c2qf-rxjj-qqgw",
                    Aliases = ["CVE-2022-25883"],
                    Summary = "semver vulnerable to Regular Expression Denial of Service",
                    Severity = Severity.High,
                    Cvss = [new CvssScore("3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5, null)],
                    Cwes = ["CWE-1333"],
                    Source = "osv",
                    Epss = 0.00123,
                },
                Package = semver,
                FixState = FixState.NotFixed,
                MatchType = "exact-direct-match",
                Matcher = "javascript-matcher",
                Namespace = "npm",
                Constraint = ">=6.0.0, <6.3.1",
            },
        ];
    }

    private static Package Package(string name, string version, PackageType type, Purl purl, string foundBy, string layer, string path,
        IReadOnlyList<string> licenses, IReadOnlyList<string> cpes, IReadOnlyDictionary<string, string>? metadata) => new()
        {
            Name = name,
            Version = version,
            Type = type,
            Purl = purl,
            FoundBy = foundBy,
            LayerDiffId = layer,
            Locations = [new Location(path, layer)],
            Licenses = licenses,
            Cpes = cpes,
            Metadata = metadata ?? new Dictionary<string, string>(),
        };
}
