using System.Text.Json;
using Gantry.TestKit.Feeds;
using Gantry.TestKit.Traits;
using Gantry.Vulnerabilities.Import;
using Gantry.Vulnerabilities.Store;

namespace Gantry.IntegrationTests.Db;

[Slow(SlowBecause.LoopbackServer)]
public class DbUpdateKillTests
{
    [Fact]
    public async Task Should_Leave_The_Old_Database_Working_And_Update_Next_Time_When_Killed_Mid_Update()
    {
        var folder = Directory.CreateTempSubdirectory("gantry-kill-test-").FullName;
        try
        {
            var db = Path.Combine(folder, DatabasePaths.FileName);
            using (var build = DatabaseBuild.Begin(db))
            {
                FeedImport.Import(build, "alpine-secdb", FeedFormat.AlpineSecdb, FeedCorpus.Path("alpine-secdb", "v3.11"), null, default);
                build.Commit();
            }

            var before = File.ReadAllBytes(db);
            var sourcesBefore = VulnerabilityDatabase.ReadMetadata(db).Sources;
            using var server = new FeedServer();
            server.ServeOsvZip("Go/all.zip", FeedCorpus.Path("osv-pypi", "django"));
            server.Slow("PyPI/all.zip", [], TimeSpan.FromMinutes(1));
            var fastAndSlow = Sources(folder, "both.json", ("osv-django", server.Url("Go/all.zip")), ("osv-slow", server.Url("PyPI/all.zip")));

            // The update imports the fast source into vulnerability.db.PID.building, then waits on the slow one: kill it there.
            using (var update = GantryProcess.Start("db", "update", "--db", db, "--sources", fastAndSlow))
            {
                var deadline = DateTime.UtcNow.AddMinutes(1);
                while (!(server.Requests >= 2 && Directory.GetFiles(folder, "*.building").Length == 1))
                {
                    if (update.HasExited)
                    {
                        Assert.Fail($"gantry exited ({update.ExitCode}) before it could be killed: {await update.StandardError.ReadToEndAsync()}");
                    }

                    Assert.True(DateTime.UtcNow < deadline, "the update never reached the slow source");
                    await Task.Delay(50);
                }

                update.Kill();
                await update.WaitForExitAsync();
            }

            Assert.Equal(before, File.ReadAllBytes(db));
            Assert.Equal(sourcesBefore, VulnerabilityDatabase.VerifyFile(db).Sources);
            using (var store = SqliteVulnerabilityStore.Open(db))
            {
                Assert.NotEmpty(store.FindAffected("alpine:3.11", "openssl"));
            }

            var next = await GantryProcess.RunAsync("db", "update", "--db", db, "--sources", Sources(folder, "fast.json", ("osv-django", server.Url("Go/all.zip"))));

            Assert.True(next.ExitCode == 0, next.Stderr);
            Assert.Contains("osv-django: updated", next.Stdout);
            Assert.Empty(Directory.GetFiles(folder, "*.building*"));
            var after = VulnerabilityDatabase.VerifyFile(db).Sources.ToDictionary(s => s.Name);
            Assert.Equal(sourcesBefore.Single().Records, after["alpine-secdb"].Records);
            Assert.Equal(Directory.GetFiles(FeedCorpus.Path("osv-pypi", "django")).Length, after["osv-django"].Records);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Sources(string folder, string name, params (string Name, string Url)[] sources)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            sources = sources.Select(s => new { name = s.Name, format = "osv", urls = new[] { s.Url } }),
        }));
        return path;
    }
}
