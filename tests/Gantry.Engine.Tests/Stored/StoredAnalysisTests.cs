using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Gantry.Core;
using Gantry.Engine.Evaluation;
using Gantry.Engine.Stored;
using Gantry.Images.FileSystem;
using Gantry.TestKit.Images;

namespace Gantry.Engine.Tests.Stored;

/// <summary>
/// The service analyzes an image once and evaluates the stored analysis later, after a restart, without the image:
/// the stored analysis must decide exactly as <c>evaluate</c> does on the image itself.
/// </summary>
public sealed class StoredAnalysisTests : IDisposable
{
    private const string OsRelease = "ID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n";
    private readonly string _work = Directory.CreateTempSubdirectory("gantry-stored-").FullName;
    private readonly GantryEngine _engine = new();

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Should_Decide_As_Evaluate_Does_On_The_Image_When_Read_Back_From_Its_Folder()
    {
        var source = WriteImage();
        var stored = await AnalyzeAndStoreAsync(source);

        var fromStore = _engine.StoredImages.Evaluate(Bundle(), StoredAnalysis.ReadFrom(stored, "app"), "docker.io/team/app:1", null, null, CancellationToken.None);
        var fromImage = new EvaluationReport((await _engine.Evaluator.EvaluateAsync(source, new EvaluationOptions { PolicyPath = WriteBundleFile() }, null, CancellationToken.None)).Evaluation);

        Assert.Equal(Verdict.Stop, fromStore.FinalAction);
        Assert.Equal(Rows(fromImage), Rows(fromStore));
        Assert.Contains(fromStore.Rows, r => r.Trigger == "content_regex_checks" && r.CheckOutput.Contains("/app/.env", StringComparison.Ordinal));
        Assert.Contains(fromStore.Rows, r => r.Trigger == "blacklist" && r.CheckOutput.Contains("bash", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_List_Every_Entry_With_The_Digest_Of_Kept_Contents_When_Reading_The_Files()
    {
        var stored = await AnalyzeAndStoreAsync(WriteImage());

        var files = StoredAnalysis.ReadFiles(stored, "app");

        Assert.Equal(files.Select(f => f.Path).Order(StringComparer.Ordinal), files.Select(f => f.Path));
        var osRelease = Assert.Single(files, f => f.Path == "/etc/os-release");
        Assert.Equal(("file", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(OsRelease)))), (osRelease.Kind, osRelease.Sha256));
        Assert.Equal("directory", Assert.Single(files, f => f.Path == "/app").Kind);
        Assert.Equal("bash", Assert.Single(StoredAnalysis.ReadSbom(stored, "app").Packages).Name);
    }

    [Fact]
    public async Task Should_Name_The_Image_When_Its_Stored_File_Snapshot_Is_Corrupt()
    {
        var stored = await AnalyzeAndStoreAsync(WriteImage());
        using (var gzip = new GZipStream(File.Create(Path.Combine(stored, "files.json.gz")), CompressionLevel.Fastest))
        {
            gzip.Write("{\"Nodes\": ["u8);
        }

        var error = Assert.Throws<InvalidInputException>(() => StoredAnalysis.ReadFrom(stored, "sha256:abc"));

        Assert.StartsWith("sha256:abc: the stored file snapshot is not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Should_Refuse_With_The_Bundle_Problems_When_The_Bundle_Is_Invalid()
    {
        var stored = StoredAnalysis.ReadFrom(await AnalyzeAndStoreAsync(WriteImage()), "app");

        var error = Assert.Throws<InvalidInputException>(() =>
            _engine.StoredImages.Evaluate("""{"id": "b", "version": "1_0", "policies": "not a list"}""", stored, "docker.io/team/app:1", null, null, CancellationToken.None));

        Assert.StartsWith("the policy bundle cannot be evaluated: ", error.Message, StringComparison.Ordinal);
    }

    private async Task<string> AnalyzeAndStoreAsync(string source)
    {
        var analysis = await _engine.Sbom.AnalyzeAsync(source, SbomOptions.Default, [], null, CancellationToken.None);
        var folder = Directory.CreateDirectory(Path.Combine(_work, "stored")).FullName;
        new StoredAnalysis(analysis.Sbom, FileSystemSnapshot.Capture(analysis.Files), "{\"manifest\":1}"u8.ToArray(), "{\"config\":1}"u8.ToArray())
            .WriteTo(folder);
        return folder;
    }

    private string WriteImage()
    {
        var image = new SyntheticImage { RepoTag = "docker.io/team/app:1" }
            .Layer(l => l
                .File("etc/os-release", OsRelease)
                .File("var/lib/dpkg/status", "Package: bash\nStatus: install ok installed\nArchitecture: amd64\nVersion: 5.2.15-2+b2\n\n"))
            .Layer(l => l.File("app/.env", "AWS_ACCESS_KEY_ID=AKIA2E0A8F3B244C9986\n"));
        var folder = Path.Combine(_work, "image");
        SyntheticImage.WriteOciLayout(image.Build(), folder);
        return "oci-dir:" + folder;
    }

    private string WriteBundleFile()
    {
        var path = Path.Combine(_work, "bundle.json");
        File.WriteAllText(path, Bundle());
        return path;
    }

    private static IEnumerable<(string, string, string, Verdict)> Rows(EvaluationReport report) =>
        report.Rows.Select(r => (r.Gate, r.Trigger, r.CheckOutput, r.EffectiveAction)).Order();

    private static string Bundle() => new JsonObject
    {
        ["id"] = "stored",
        ["version"] = "1_0",
        ["name"] = "stored",
        ["policies"] = new JsonArray(new JsonObject
        {
            ["id"] = "p1", ["version"] = "1_0", ["name"] = "p1",
            ["rules"] = new JsonArray(
                Rule("r1", "secret_scans", "content_regex_checks", new JsonArray()),
                Rule("r2", "packages", "blacklist", new JsonArray(new JsonObject { ["name"] = "name", ["value"] = "bash" }))),
        }),
        ["whitelists"] = new JsonArray(),
        ["mappings"] = new JsonArray(new JsonObject
        {
            ["id"] = "m1", ["name"] = "all", ["registry"] = "*", ["repository"] = "*",
            ["image"] = new JsonObject { ["type"] = "tag", ["value"] = "*" },
            ["policy_ids"] = new JsonArray("p1"), ["whitelist_ids"] = new JsonArray(),
        }),
    }.ToJsonString();

    private static JsonObject Rule(string id, string gate, string trigger, JsonArray parameters) =>
        new() { ["id"] = id, ["gate"] = gate, ["trigger"] = trigger, ["action"] = "STOP", ["params"] = parameters };
}
