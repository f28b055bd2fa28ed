using Gantry.Core;
using Gantry.Engine.Scanning;
using Gantry.Formats.Native;
using Gantry.Formats.Scan;
using Gantry.Formats.Tests.Goldens;
using static Gantry.Formats.Tests.OutputAssertions;

namespace Gantry.Formats.Tests;

public sealed class ScanReportReaderTests(GoldenInputs inputs) : IClassFixture<GoldenInputs>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gantry-scan-reader-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Report => Render(s => ScanJsonWriter.Write(inputs.Scan, s));

    [Fact]
    public void Should_Read_Back_Every_Finding_With_Its_Identity_Facts_And_Suppression_When_Reading_A_Scan_Report()
    {
        var path = WriteFile("old", Report);

        var read = ScanReportReader.ReadFindings(path, "old.json");

        Assert.Equal(inputs.Scan.Findings.Count, read.Count);
        Assert.True(FindingDiff.Compare(read, inputs.Scan.Findings).IsEmpty);
        Assert.Equal(inputs.Scan.Findings.Select(f => f.Suppression), read.Select(f => f.Suppression));
        Assert.Equal(inputs.Scan.Findings.Select(f => f.Remediation.Hint), read.Select(f => f.Remediation.Hint));
        Assert.Equal(inputs.Scan.Findings.Select(f => f.Origin), read.Select(f => f.Origin));
    }

    [Fact]
    public void Should_Group_The_Findings_Of_One_Package_Version_Found_At_Two_Paths_As_The_Table_Rows_Do()
    {
        var first = inputs.Scan.Findings[0];
        var package = first.Finding.Package;
        var copy = new Package
        {
            Name = package.Name, Version = package.Version, Type = package.Type, Purl = package.Purl, FoundBy = package.FoundBy, LayerDiffId = package.LayerDiffId,
            Locations = [new Location("/opt/copy/" + package.Name, first.Origin.DiffId)],
        };
        var elsewhere = first with { Finding = first.Finding with { Package = copy } };
        var report = inputs.Scan with { Findings = [first, .. inputs.Scan.Findings.Skip(1), elsewhere] };

        var json = System.Text.Json.Nodes.JsonNode.Parse(Render(s => ScanJsonWriter.Write(report, s)))!;

        var groups = json["groups"]!.AsArray();
        Assert.Equal(FindingRows.Of(report.Findings).Count, groups.Count);
        Assert.Equal(report.Findings.Count, json["findings"]!.AsArray().Count);
        var group = groups[0]!;
        Assert.Equal(first.Finding.Vulnerability.Id, (string?)group["vulnerability"]);
        Assert.Equal([0, report.Findings.Count - 1], group["findings"]!.AsArray().Select(i => (int)i!));
        Assert.Equal([.. first.Finding.Package.Locations.Select(l => l.Path), "/opt/copy/" + first.Finding.Package.Name],
            group["locations"]!.AsArray().Select(l => (string)l!));
        Assert.All(groups.Skip(1), g => Assert.DoesNotContain(report.Findings.Count - 1, g!["findings"]!.AsArray().Select(i => (int)i!)));
    }

    [Fact]
    public void Should_Read_Back_Reachability_When_A_Go_Finding_Has_It()
    {
        var first = inputs.Scan.Findings[0];
        var reachability = new Reachability(ReachabilityState.Unreachable, "golang.org/x/text/language is not linked");
        var report = inputs.Scan with { Findings = [first with { Finding = first.Finding with { Reachability = reachability } }] };
        var path = WriteFile("go", Render(s => ScanJsonWriter.Write(report, s)));

        var read = Assert.Single(ScanReportReader.ReadFindings(path, "go.json"));

        Assert.Equal(reachability, read.Finding.Reachability);
    }

    [Fact]
    public void Should_Fail_With_One_Line_Naming_The_File_When_It_Is_Truncated()
    {
        var report = Report;
        var path = WriteFile("truncated", report[..(report.Length / 2)]);

        var ex = Assert.Throws<InvalidInputException>(() => ScanReportReader.ReadFindings(path, "old.json"));

        Assert.StartsWith("old.json: not valid JSON", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Theory]
    [InlineData("\"severity\": \"high\"", "\"severity\": 7", "findings[1].vulnerability.severity: expected a string")]
    [InlineData("\"severity\": \"high\"", "\"severity\": \"dreadful\"", "findings[1].vulnerability.severity: unknown value 'dreadful'")]
    [InlineData("\"name\": \"libssl3\"", "\"name\": null", "findings[1].package.name: expected a string")]
    [InlineData("\"namespace\": \"npm\"", "\"namespace\": [\"npm\"]", "findings[2].match.namespace: expected a string")]
    [InlineData("\"state\": \"fixed\"", "\"state\": \"patched\"", "findings[0].fix.state: unknown fix state 'patched'")]
    [InlineData("\"/app/node_modules/lodash/package.json\"", "42", "findings[2].package.locations: expected strings")]
    [InlineData("\"ignored\": {", "\"ignored\": \"yes\", \"x\": {", "findings[0].ignored: expected an object")]
    public void Should_Name_The_Field_When_A_Finding_Has_A_Wrong_Type(string field, string replacement, string message)
    {
        var report = Report;
        var at = report.IndexOf(field, StringComparison.Ordinal);
        var path = WriteFile("wrong", report[..at] + replacement + report[(at + field.Length)..]);

        var ex = Assert.Throws<InvalidInputException>(() => ScanReportReader.ReadFindings(path, "old.json"));

        Assert.Equal("old.json: " + message, ex.Message);
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("{}")]
    [InlineData("{\"schemaVersion\": \"1.0\", \"findings\": []}")]
    public void Should_Refuse_A_Document_That_Is_Not_A_Scan_Report(string content)
    {
        var path = WriteFile("other", content);

        var ex = Assert.Throws<InvalidInputException>(() => ScanReportReader.ReadFindings(path, "old.json"));

        Assert.Equal("old.json: not a Gantry scan report (the JSON of gantry scan -o json)", ex.Message);
    }

    [Fact]
    public void Should_Refuse_An_Sbom_Or_A_Diff_Document_When_A_Scan_Report_Is_Expected()
    {
        var sbom = WriteFile("sbom", Render(s => NativeSbomWriter.Write(inputs.Sbom, s)));
        var diff = WriteFile("diff", Render(s => ScanJsonWriter.WriteDiff(inputs.Scan, inputs.Changes, "older.json", s)));

        Assert.Contains("not a Gantry scan report", Assert.Throws<InvalidInputException>(() => ScanReportReader.ReadFindings(sbom, "sbom.json")).Message, StringComparison.Ordinal);
        Assert.Contains("not a Gantry scan report", Assert.Throws<InvalidInputException>(() => ScanReportReader.ReadFindings(diff, "diff.json")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Refuse_Another_Schema_Version_And_A_Findings_Field_That_Is_Not_A_List()
    {
        var report = Report;
        var future = WriteFile("future", report.Replace("\"schemaVersion\": \"1.0\"", "\"schemaVersion\": \"2.0\"", StringComparison.Ordinal));
        var notList = WriteFile("notlist", "{\"schemaVersion\": \"1.0\", \"database\": {}, \"findings\": {}}");

        Assert.Equal(
            "future.json: scan report schemaVersion '2.0' is not one this Gantry reads (1.0)",
            Assert.Throws<InvalidInputException>(() => ScanReportReader.ReadFindings(future, "future.json")).Message);
        Assert.Equal("notlist.json: findings: expected an array", Assert.Throws<InvalidInputException>(() => ScanReportReader.ReadFindings(notList, "notlist.json")).Message);
    }

    [Fact]
    public void Should_Refuse_Without_Reading_It_When_The_File_Is_Over_The_Size_Limit()
    {
        var path = Path.Combine(_folder, "huge.json");
        using (var sparse = File.Create(path))
        {
            sparse.SetLength(513L * 1024 * 1024); // sparse: no disk is used
        }

        var ex = Assert.Throws<InvalidInputException>(() => ScanReportReader.ReadFindings(path, "huge.json"));

        Assert.Equal("huge.json: 537919488 bytes is over the 512 MiB limit for scan reports", ex.Message);
    }

    [Fact]
    public void Should_Refuse_A_Deeply_Nested_Or_Missing_File()
    {
        var nested = WriteFile("nested", new string('[', 100_000) + new string(']', 100_000));

        Assert.StartsWith("nested.json: not valid JSON", Assert.Throws<InvalidInputException>(() => ScanReportReader.ReadFindings(nested, "nested.json")).Message, StringComparison.Ordinal);
        Assert.Equal("none.json: file not found", Assert.Throws<InvalidInputException>(() => ScanReportReader.ReadFindings(Path.Combine(_folder, "none.json"), "none.json")).Message);
    }

    private string WriteFile(string name, string content)
    {
        var path = Path.Combine(_folder, name + ".json");
        File.WriteAllText(path, content);
        return path;
    }
}
