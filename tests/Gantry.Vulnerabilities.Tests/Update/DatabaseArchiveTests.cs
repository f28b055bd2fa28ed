using Gantry.Core;
using Gantry.TestKit.Feeds;
using Gantry.TestKit.Traits;
using Gantry.Vulnerabilities.Import;
using Gantry.Vulnerabilities.Store;
using Gantry.Vulnerabilities.Update;

namespace Gantry.Vulnerabilities.Tests.Update;

public class DatabaseArchiveTests
{
    private static readonly HttpClient Http = new();

    [Slow(SlowBecause.LoopbackServer)]
    [Fact]
    public async Task Should_Round_Trip_When_Installing_A_Built_Archive_From_Latest_Json_Over_Http()
    {
        using var source = new TestDatabase();
        using var target = new TestDatabase();
        source.Import("osv-pypi", FeedFormat.Osv, FeedCorpus.Path("osv-pypi", "django"));
        var archive = Path.Combine(source.Folder, "out", "vulnerability.tar.zst");
        var latest = DatabaseArchive.Build(source.Path, archive, null);
        using var server = new FeedServer();
        server.ServeFile("db/latest.json", Path.Combine(source.Folder, "out", "latest.json"));
        server.ServeFile("db/vulnerability.tar.zst", archive);

        var installed = await DatabaseArchive.InstallAsync(server.Url("db/latest.json"), target.Path, Http, CancellationToken.None);

        Assert.Equal("vulnerability.tar.zst", latest.Url);
        Assert.Equal(VulnerabilityDatabase.SchemaVersion, installed.SchemaVersion);
        Assert.Equal(DatabaseUpdaterTests.Content(source.Path), DatabaseUpdaterTests.Content(target.Path));
    }

    [Fact]
    public async Task Should_Refuse_A_Tampered_Archive_And_Keep_The_Old_Database()
    {
        using var source = new TestDatabase();
        using var target = new TestDatabase();
        source.Import("osv-go", FeedFormat.Osv, FeedCorpus.Path("osv-go", "GO-2020-0001.json"));
        target.Import("old", FeedFormat.Osv, FeedCorpus.Path("osv-go", "GO-2020-0003.json"));
        var before = DatabaseUpdaterTests.Content(target.Path);
        var archive = Path.Combine(source.Folder, "vulnerability.tar.zst");
        DatabaseArchive.Build(source.Path, archive, null);
        var bytes = File.ReadAllBytes(archive);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(archive, bytes);

        var error = await Assert.ThrowsAsync<InvalidInputException>(
            () => DatabaseArchive.InstallAsync(Path.Combine(source.Folder, "latest.json"), target.Path, Http, CancellationToken.None));

        Assert.Contains("sha256 mismatch", error.Message);
        Assert.Equal(before, DatabaseUpdaterTests.Content(target.Path));
    }
}
