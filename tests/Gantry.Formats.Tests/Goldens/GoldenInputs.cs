using System.Formats.Tar;
using Gantry.Core;
using Gantry.Engine;
using Gantry.Engine.Evaluation;
using Gantry.Engine.Scanning;
using Gantry.Policy.Evaluation;
using Gantry.TestKit.Images;
using Gantry.Vulnerabilities.Import;
using Gantry.Vulnerabilities.Store;
using Gantry.Vulnerabilities.Suppression;

namespace Gantry.Formats.Tests.Goldens;

/// <summary>
/// What the golden outputs are made from, built once through the real pipeline: a synthetic Debian 12 image (two
/// layers: dpkg packages, then an application with an npm and a Python package and a broken package.json), a database
/// imported from the OSV records in <c>Inputs/osv</c>, the scan of the image with <c>Inputs/ignore.yaml</c>, and its
/// evaluation against <c>Inputs/bundle.json</c>. Every clock is pinned to <see cref="Now"/>.
/// </summary>
public sealed class GoldenInputs : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2024, 3, 4, 10, 0, 0, TimeSpan.Zero);

    private static readonly string InputFolder = Path.Combine(TestKit.Goldens.GoldenFiles.BesideCaller().Directory, "Inputs");

    public string Folder { get; } = Directory.CreateTempSubdirectory("gantry-goldens-").FullName;

    public Sbom Sbom { get; private set; } = null!;

    public ScanReport Scan { get; private set; } = null!;

    public PolicyEvaluation Evaluation { get; private set; } = null!;

    /// <summary>
    /// The scan compared with an earlier report made up from it: the DEBIAN finding had another severity and no fix
    /// (updated), the GHSA one had another id (so one added, one removed); the ignored PYSEC one counts on neither side.
    /// </summary>
    public FindingChanges Changes { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var layout = Path.Combine(Folder, "image");
        SyntheticImage.WriteOciLayout(Image().Build(), layout);
        var source = "oci-dir:" + layout;
        Sbom = await new SbomGenerator().GenerateAsync(source, SbomOptions.Default, null, CancellationToken.None);

        var database = BuildDatabase();
        using (var store = SqliteVulnerabilityStore.Open(database))
        {
            var ignore = IgnoreFile.Parse(await File.ReadAllTextAsync(Path.Combine(InputFolder, "ignore.yaml")), "ignore.yaml");
            var suppressor = new FindingSuppressor(ignore, [], onlyFixed: false, DateOnly.FromDateTime(Now.UtcDateTime));
            Scan = Scanner.Scan(Sbom, store, new ScanOptions(), suppressor, CancellationToken.None);
        }

        Changes = FindingDiff.Compare(Scan.Findings.Select(Earlier).ToList(), Scan.Findings);

        var options = new EvaluationOptions { PolicyPath = Path.Combine(InputFolder, "bundle.json"), DatabasePath = database };
        Evaluation = (await new ImageEvaluator(new SbomGenerator(), new PinnedClock(Now)).EvaluateAsync(source, options, null, CancellationToken.None)).Evaluation;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }

    private static ReportedFinding Earlier(ReportedFinding reported)
    {
        var finding = reported.Finding;
        return reported with
        {
            Finding = finding.Vulnerability.Id switch
            {
                "DEBIAN-CVE-2024-0727" => finding with { Vulnerability = finding.Vulnerability with { Severity = Severity.Low }, FixState = FixState.NotFixed, FixedVersions = [] },
                "GHSA-35jh-r3h4-6jhm" => finding with { Vulnerability = finding.Vulnerability with { Id = "GHSA-xxxx-xxxx-xxxx" } },
                _ => finding,
            },
        };
    }

    private static SyntheticImage Image() => new SyntheticImage { Compression = LayerCompression.None, EntryFormat = TarEntryFormat.Ustar, RepoTag = "registry.example.com/team/app:1.4" }
        .Layer(
            l => l
                .File("etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\nID=debian\n")
                .File("var/lib/dpkg/status", """
                    Package: bash
                    Status: install ok installed
                    Architecture: amd64
                    Version: 5.2.15-2+b2
                    Description: GNU Bourne Again SHell

                    Package: libssl3
                    Status: install ok installed
                    Architecture: amd64
                    Source: openssl
                    Version: 3.0.11-1~deb12u2
                    Description: Secure Sockets Layer toolkit - shared libraries

                    """),
            "debootstrap bookworm")
        .Layer(
            l => l
                .File("app/node_modules/lodash/package.json", """{ "name": "lodash", "version": "4.17.20", "license": "MIT" }""")
                .File("app/node_modules/broken/package.json", "{ \"name\": ")
                .File("app/config/deploy.env", "REGION=eu-west-1\nAWS_ACCESS_KEY_ID=AKIA2E0A8F3B244C9986\n")
                .File("usr/lib/python3/dist-packages/PyYAML-5.3.1.dist-info/METADATA", "Metadata-Version: 2.1\nName: PyYAML\nVersion: 5.3.1\nLicense: MIT\n"),
            "COPY app /app");

    private string BuildDatabase()
    {
        var path = Path.Combine(Folder, DatabasePaths.FileName);
        using var build = DatabaseBuild.Begin(path, startEmpty: true);
        FeedImport.Import(build, "osv-golden", FeedFormat.Osv, Path.Combine(InputFolder, "osv"), null, CancellationToken.None);
        build.Commit();
        return path;
    }

    private sealed class PinnedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
