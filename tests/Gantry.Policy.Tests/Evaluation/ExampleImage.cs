using System.Text;
using Gantry.Core;
using Gantry.Policy.Evaluation;
using static Gantry.Policy.Tests.TestInputs;

namespace Gantry.Policy.Tests.Evaluation;

/// <summary>
/// A synthetic stand-in for the build-test example image: Debian 12 with openssh-server, port 22 exposed,
/// running as root, a fake AWS key in /app/.env, npm lodash 4.17.20 and minimist 1.2.5, python requests 2.25.0.
/// </summary>
internal static class ExampleImage
{
    public const string FakeAccessKey = "AKIAIOSFODNN7EXAMPLE";

    public static readonly string EnvFile = $"NODE_ENV=production\naws_access_key_id = {FakeAccessKey}\n";

    private const string Passwd = "root:x:0:0:root:/root:/bin/bash\nsshd:x:100:65534::/run/sshd:/usr/sbin/nologin\n";

    public static PolicyInput Create()
    {
        var lodash = Package("lodash", "4.17.20", PackageType.Npm, "/app/node_modules/lodash/package.json", "sha256:app", "MIT");
        var minimist = Package("minimist", "1.2.5", PackageType.Npm, "/app/node_modules/minimist/package.json", "sha256:app", "MIT");
        var requests = Package("requests", "2.25.0", PackageType.Python, "/usr/lib/python3/dist-packages/requests-2.25.0.dist-info/METADATA", "sha256:app", "Apache-2.0");
        var openssh = Package("openssh-server", "1:9.2p1-2+deb12u2", licenses: ["BSD-3-clause", "OpenSSH"]);
        var packages = new[] { Package("base-files", "12.4+deb12u5", licenses: ["GPL"]), Package("bash", "5.2.15-2+b2", licenses: ["GPL-3+"]), openssh, lodash, minimist, requests };
        var files = new Dictionary<string, string> { ["/app/.env"] = EnvFile, ["/etc/passwd"] = Passwd };
        var input = Input(
            packages: packages,
            history:
            [
                History("/bin/sh -c #(nop) ADD file:4b03b5f551e3fbdf47ec609712007327828f7530cc3455c43bbcdcaf449a75a9 in / "),
                History("/bin/sh -c #(nop)  CMD [\"bash\"]"),
                History("RUN /bin/sh -c apt-get update && apt-get install -y openssh-server python3-requests nodejs # buildkit"),
                History("COPY app /app # buildkit"),
                History("EXPOSE map[22/tcp:{}]"),
                History("CMD [\"/usr/sbin/sshd\" \"-D\"]"),
            ],
            distro: new Distro { Id = "debian", VersionId = "12", VersionCodename = "bookworm" });
        return WithSecrets(input, AwsKeyInEnvFile) with
        {
            Image = PolicyImage.Parse("docker.io/gantry/build-test:latest", "5f2d0c8b7a61e3a09c4d1b2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f708"),
            Findings =
            [
                Vuln(lodash, "CVE-2021-23337", Severity.High, "4.17.21"),
                Vuln(minimist, "CVE-2021-44906", Severity.Critical, "1.2.6"),
                Vuln(requests, "CVE-2023-32681", Severity.Medium, "2.31.0"),
                Vuln(openssh, "CVE-2023-51385", Severity.Medium, "1:9.2p1-2+deb12u3"),
            ],
            Files =
            [
                new FileRecord("/usr/bin/passwd", 0x8000 | 0x800 | 0x1ED, Size: 68248),
                new FileRecord("/app/.env", 0x8000 | 0x1A4, Size: EnvFile.Length),
                new FileRecord("/etc/passwd", 0x8000 | 0x1A4, Size: Passwd.Length),
            ],
            ReadFile = path => files.TryGetValue(path, out var text) ? Encoding.UTF8.GetBytes(text) : null,
        };
    }

    private static Finding Vuln(Package package, string id, Severity severity, string fixedIn) => new()
    {
        Vulnerability = new Vulnerability { Id = id, Severity = severity },
        Package = package,
        FixState = FixState.Fixed,
        FixedVersions = [fixedIn],
        MatchType = "exact-direct-match",
        Matcher = "test",
        Namespace = package.Type.IsOsPackage() ? "debian:12" : package.Type.ToWireName(),
    };
}
