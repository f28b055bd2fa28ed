using Gantry.Engine;
using Gantry.Server.Tests.Support;
using Gantry.TestKit.Matching;
using Microsoft.Extensions.Time.Testing;

namespace Gantry.Server.Tests;

/// <summary>
/// The service re-matches stored analyses when the database file holds another build. A build's identity must come
/// from its data, not only from its build time, which has a one-second resolution.
/// </summary>
public sealed class DatabaseBuildTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gantry-build-id-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Should_Tell_Two_Builds_Of_Other_Data_Apart_When_They_Were_Made_In_The_Same_Second()
    {
        var engine = new GantryEngine(new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 6, 0, 0, TimeSpan.Zero)));
        var path = Path.Combine(_folder, "vulnerabilities.db");

        TrackerDatabase.Replace(path, ["gantry-same-second"], engine, "CVE-2099-1111");
        var first = engine.Database.TryStatus(path)!.BuildId;
        TrackerDatabase.Replace(path, ["gantry-same-second"], engine, "CVE-2099-2222");
        var second = engine.Database.TryStatus(path)!.BuildId;
        TrackerDatabase.Replace(path, ["gantry-same-second"], engine, "CVE-2099-2222");
        var again = engine.Database.TryStatus(path)!.BuildId;

        Assert.NotEqual(first, second);
        Assert.Equal(second, again);
    }
}
