using System.Globalization;
using Gantry.Formats.CycloneDx;
using Gantry.Formats.Native;
using Gantry.Formats.Policy;
using Gantry.Formats.Sarif;
using Gantry.Formats.Scan;
using Gantry.Formats.Spdx;
using Gantry.Formats.Trust;
using Gantry.Policy.Evaluation;
using Gantry.TestKit.Goldens;
using Gantry.TestKit.Schemas;
using static Gantry.Formats.Tests.OutputAssertions;

namespace Gantry.Formats.Tests.Goldens;

/// <summary>
/// Every output format, written from <see cref="GoldenInputs"/> and compared with its golden file beside this test
/// (<c>GANTRY_UPDATE_GOLDENS=1</c> rewrites them); the standard formats also validate against their official schemas.
/// The temp folder and the database's build time are scrubbed (the only values the inputs cannot pin).
/// </summary>
public sealed class GoldenOutputTests(GoldenInputs inputs) : IClassFixture<GoldenInputs>
{
    private static readonly GoldenFiles Goldens = GoldenFiles.BesideCaller();

    private static readonly Dictionary<string, (Action<GoldenInputs, Stream> Write, string? Schema)> Documents = new(StringComparer.Ordinal)
    {
        ["sbom.golden.json"] = ((i, s) => NativeSbomWriter.Write(i.Sbom, s), null),
        ["sbom.cdx.golden.json"] = ((i, s) => CycloneDxWriter.Write(i.Sbom, null, s, GoldenInputs.Now), SchemaValidator.CycloneDx16),
        ["sbom.spdx.golden.json"] = ((i, s) => SpdxWriter.Write(i.Sbom, s, GoldenInputs.Now), SchemaValidator.Spdx23),
        ["scan.golden.json"] = ((i, s) => ScanJsonWriter.Write(i.Scan, s), null),
        ["scan.diff.golden.json"] = ((i, s) => ScanJsonWriter.WriteDiff(i.Scan, i.Changes, "scan-2024-03-03.json", s), null),
        ["scan.cdx.golden.json"] = ((i, s) => CycloneDxWriter.Write(i.Scan.Sbom, i.Scan.Active.Select(f => f.Finding).ToList(), s, GoldenInputs.Now), SchemaValidator.CycloneDx16),
        ["scan.sarif.golden.json"] = ((i, s) => SarifWriter.Write(i.Scan, Common.ToolInfo.Version, s), SchemaValidator.Sarif210),
        ["evaluate.golden.json"] = ((i, s) => AnchoreResultWriter.Write(i.Evaluation, s), null),
        ["evaluate.sarif.golden.json"] = ((i, s) => PolicySarifWriter.Write(i.Evaluation, "Dockerfile", s), SchemaValidator.Sarif210),
        ["evaluate.junit.golden.xml"] = ((i, s) => PolicyJUnitWriter.Write(i.Evaluation, s), null),
        ["trust-inspect.golden.json"] = ((_, s) => TrustInspectWriter.Write(TrustInspection, s), null),
    };

    /// <summary>A repository with a signer (alice) beside the released tags, as <c>docker trust inspect</c> shows one.</summary>
    private static IReadOnlyList<TrustInspectDocument> TrustInspection =>
    [
        new("127.0.0.1:5000/apps/web",
            [
                new("v1", "3b77a1b880e8fb0e34b9ed2e0ce1c0e1a8f14e1f2e2f0f2e0e2b8c4a1c1f0a9d", ["alice"]),
                new("v2", "9c1185a5c5e9fc54612808977ee8f548b2258d31b5e2f3f2a2c8c4a1c1f0a9d0", [TrustRepoAdmin]),
            ],
            [new("alice", [new("4865b2f6a0c9e3e2d9b8f1f6a3b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8")])],
            [
                new("Root", [new("fdb63638a0c9e3e2d9b8f1f6a3b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8")]),
                new("Repository", [new("fe0d49a2a0c9e3e2d9b8f1f6a3b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8")]),
            ]),
    ];

    private const string TrustRepoAdmin = "Repo Admin";

    public static TheoryData<string> Names => [.. Documents.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Should_MatchGoldenAndSchema_When_WritingFormat(string golden)
    {
        var (write, schema) = Documents[golden];

        var actual = Render(s => write(inputs, s));

        Goldens.AssertMatches(golden, actual, Scrub());
        if (schema is not null)
        {
            Assert.Empty(await SchemaValidator.ValidateAsync(actual, schema));
        }
    }

    private (string, string)[] Scrub() =>
    [
        (inputs.Folder, "<tmp>"),
        (inputs.Scan.Database.Built?.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty, "<database-built>"),
    ];
}
