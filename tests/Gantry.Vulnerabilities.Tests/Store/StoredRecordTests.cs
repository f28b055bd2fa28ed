using System.Text.Json;
using Gantry.Core;
using Gantry.Vulnerabilities.Store;

namespace Gantry.Vulnerabilities.Tests.Store;

/// <summary>
/// What the importers write comes back whole through the store's hand-written readers (<see cref="StoredRecordReader"/>):
/// every property of a vulnerability and of an affected entry, so a property added to either without a reader fails here.
/// </summary>
public sealed class StoredRecordTests
{
    private static readonly Vulnerability Full = new()
    {
        Id = "GHSA-aaaa-bbbb-cccc",
        Aliases = ["CVE-2024-0001", "PYSEC-2024-1"],
        Summary = "A \"quoted\" summary — with unicode",
        Details = "Line one\nline two",
        Severity = Severity.High,
        SeveritySource = "ghsa",
        Cvss = [new CvssScore("3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, "nvd"), new CvssScore("4.0", "CVSS:4.0/AV:N", null, null)],
        Published = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero),
        Modified = new DateTimeOffset(2024, 2, 3, 4, 5, 6, 789, TimeSpan.Zero),
        Withdrawn = new DateTimeOffset(2024, 3, 4, 5, 6, 7, TimeSpan.FromHours(2)),
        References = ["https://example.test/advisory"],
        Cwes = ["CWE-79"],
        Source = "osv",
    };

    private static readonly AffectedPackage FullAffected = new()
    {
        VulnerabilityId = Full.Id,
        Namespace = "PyPI",
        Name = "Django_Thing",
        Ranges =
        [
            new AffectedRange(AffectedRange.Ecosystem, [new RangeEvent(RangeEventKind.Introduced, "0"), new RangeEvent(RangeEventKind.Fixed, "1.2.3")]),
            new AffectedRange(AffectedRange.Git, [new RangeEvent(RangeEventKind.Introduced, "abc"), new RangeEvent(RangeEventKind.LastAffected, "def"),
                new RangeEvent(RangeEventKind.Limit, "*")], "https://example.test/repo.git"),
        ],
        Versions = ["1.0", "1.1"],
        FixedVersions = ["1.2.3"],
        FixState = FixState.Fixed,
        Severity = Severity.Critical,
        GoImports = [new GoImport("example.test/thing/sub", ["Parse", "(*T).Read"], ["windows"], ["amd64", "arm64"]), new GoImport("example.test/thing", [], [], [])],
    };

    [Fact]
    public void Should_ReadBackEveryProperty_When_RecordWasWrittenByAnImporter()
    {
        using var database = new TestDatabase();
        using (var build = DatabaseBuild.Begin(database.Path))
        {
            build.ImportSource("test", "osv", "memory", null, sink => sink.Add(new VulnerabilityRecord(Full, [FullAffected]), "record.json"));
            build.Commit();
        }

        using var store = database.Open();
        var vulnerability = store.GetVulnerability(Full.Id)!;
        var affected = Assert.Single(store.FindAffected("PyPI", "django-thing"));

        // Every stored property is set in the sample (EPSS and KEV are not stored with the record; they join at read time).
        Assert.All(typeof(Vulnerability).GetProperties().Where(p => p.Name is not (nameof(Vulnerability.Epss) or nameof(Vulnerability.Kev))),
            p => Assert.NotEqual(Default(p.PropertyType), p.GetValue(Full)));
        Assert.Equal(Json(Full), Json(vulnerability));
        Assert.Equal(Json(FullAffected with { Source = "test" }), Json(affected));
    }

    private static object? Default(Type type) => type.IsValueType && Nullable.GetUnderlyingType(type) is null ? Activator.CreateInstance(type) : null;

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, new JsonSerializerOptions { WriteIndented = false });
}
