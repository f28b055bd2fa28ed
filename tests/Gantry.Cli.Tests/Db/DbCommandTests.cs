using Gantry.TestKit;
using Gantry.TestKit.Feeds;
using Microsoft.Data.Sqlite;

namespace Gantry.Cli.Tests.Db;

public sealed class DbCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gantry-db-cli-").FullName;

    private string Db => Path.Combine(_folder, "vulnerability.db");

    [Fact]
    public async Task Should_Account_For_Every_File_When_Importing_Then_Showing_Status()
    {
        var osv = OsvFolderWithOneBrokenFile();

        var import = await CliHarness.RunAsync("db", "import", "--db", Db, osv, FeedCorpus.Path("alpine-secdb", "v3.11"));
        var status = await CliHarness.RunAsync("db", "status", "--db", Db);

        Assert.Equal(0, import.ExitCode);
        Assert.Contains("osv: 3 records, 3 affected packages from 4 files (osv); 1 skipped", import.Stdout);
        Assert.Contains("skipped", import.Stderr);
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("schema:  3", status.Stdout);
        Assert.Contains("  osv: osv, 3 records, 3 affected packages, 4 files read, 1 skipped", status.Stdout);
        Assert.Contains("  v3.11: alpine-secdb,", status.Stdout);
        Assert.Contains("broken.json: invalid JSON", status.Stdout);
    }

    [Fact]
    public async Task Should_Exit_3_When_The_Database_Is_Older_Than_Max_Age()
    {
        await ImportGoRecordsAsync();
        using (var connection = new SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE metadata SET value = '2020-01-01T00:00:00Z' WHERE key = 'built'";
            command.ExecuteNonQuery();
        }

        var old = await CliHarness.RunAsync("db", "status", "--db", Db, "--max-age", "5d");
        var young = await CliHarness.RunAsync("db", "status", "--db", Db, "--max-age", "100000d");
        var badDuration = await CliHarness.RunAsync("db", "status", "--db", Db, "--max-age", "soon");

        Assert.Equal(3, old.ExitCode);
        Assert.Contains("is older than 5d", old.Stderr);
        Assert.Equal(0, young.ExitCode);
        Assert.Equal(2, badDuration.ExitCode);
        Assert.Contains("--max-age: 'soon' is not a duration", badDuration.Stderr);
    }

    [Fact]
    public async Task Should_Show_Records_When_Searching_By_Id_Alias_Or_Package()
    {
        await ImportGoRecordsAsync();

        var byId = await CliHarness.RunAsync("db", "search", "GO-2020-0001", "--db", Db);
        var byAlias = await CliHarness.RunAsync("db", "search", "CVE-2020-36567", "--db", Db);
        var byPackage = await CliHarness.RunAsync("db", "search", "--package", "github.com/gin-gonic/gin", "--namespace", "Go", "--db", Db);
        var unknown = await CliHarness.RunAsync("db", "search", "CVE-1999-0001", "--db", Db);

        Assert.Equal(0, byId.ExitCode);
        Assert.Contains("GO-2020-0001 (osv)", byId.Stdout);
        Assert.Contains("GO-2020-0001  Go  github.com/gin-gonic/gin  fixed  fixed [1.6.0]  SEMVER: introduced 0, fixed 1.6.0", byId.Stdout);
        Assert.Contains("GO-2020-0001 (osv)", byAlias.Stdout);
        Assert.Equal(0, byPackage.ExitCode);
        Assert.StartsWith("GO-2020-0001  Go  github.com/gin-gonic/gin", byPackage.Stdout);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no records for CVE-1999-0001", unknown.Stderr);
    }

    [Fact]
    public async Task Should_Exit_2_With_One_Line_When_An_Input_Is_Missing_Or_The_Search_Is_Ambiguous()
    {
        var missing = await CliHarness.RunAsync("db", "import", "--db", Db, Path.Combine(_folder, "nowhere"));
        var neither = await CliHarness.RunAsync("db", "search", "--db", Db);

        Assert.Equal(2, missing.ExitCode);
        Assert.Equal($"gantry: {Path.Combine(_folder, "nowhere")}: no such file or folder", missing.Stderr.TrimEnd());
        Assert.False(File.Exists(Db));
        Assert.Equal(2, neither.ExitCode);
        Assert.Equal("gantry: give either a vulnerability ID or --package NAME", neither.Stderr.TrimEnd());
    }

    [Theory]
    [InlineData("status")]
    [InlineData("search")]
    public async Task Should_Exit_3_With_One_Line_When_The_Database_Is_Missing_Or_Corrupt(string command)
    {
        string[] query = command == "search" ? ["GO-2020-0001"] : [];
        var missing = await CliHarness.RunAsync(["db", command, .. query, "--db", Db]);
        File.WriteAllText(Db, "this is not an SQLite database, only some text that is long enough to fill a header page");
        var corrupt = await CliHarness.RunAsync(["db", command, .. query, "--db", Db]);

        Assert.Equal(3, missing.ExitCode);
        Assert.Equal($"gantry: vulnerability database {Db} does not exist; run 'gantry db update' or 'gantry db import'", missing.Stderr.TrimEnd());
        Assert.Equal(3, corrupt.ExitCode);
        Assert.StartsWith($"gantry: vulnerability database {Db} is not readable:", corrupt.Stderr);
        Assert.Single(corrupt.Stderr.TrimEnd().Split('\n'));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task ImportGoRecordsAsync()
    {
        var result = await CliHarness.RunAsync("db", "import", "--db", Db, "--source", "osv", OsvFolderWithOneBrokenFile());
        Assert.Equal(0, result.ExitCode);
    }

    /// <summary>Three real Go records and one file that is not JSON, which must be reported, not imported.</summary>
    private string OsvFolderWithOneBrokenFile()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "osv")).FullName;
        foreach (var id in new[] { "GO-2020-0001", "GO-2020-0003", "GO-2020-0004" })
        {
            File.Copy(FeedCorpus.Path("osv-go", id + ".json"), Path.Combine(folder, id + ".json"));
        }

        File.WriteAllText(Path.Combine(folder, "broken.json"), "{ not json");
        return folder;
    }
}
