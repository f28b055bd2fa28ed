using System.Text.Json;
using Gantry.TestKit;
using Gantry.TestKit.Images;
using Gantry.TestKit.Matching;
using Gantry.TestKit.Traits;
using Xunit.Abstractions;

namespace Gantry.Deploy.Tests.Image;

/// <summary>Gantry evaluates its own image with Anchore's default bundle, against the corpus database the other tests use.</summary>
[Slow(SlowBecause.RealImage)]
public sealed class OwnScanTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Should_Pass_The_Default_Policy_When_Gantry_Evaluates_Its_Own_Image()
    {
        // Given
        var image = await GantryContainerImage.GetAsync();
        var bundle = Path.Combine(SharedPaths.Corpus, "anchore-policies", "anchore_default_bundle.json");

        // When
        var result = await CliHarness.RunAsync("evaluate", "oci-archive:" + image.OciArchive, "--policy", bundle,
            "--db", CorpusVulnerabilityDatabase.Path, "-o", "json");

        // Then: GO or WARN, and no row stops it (the rows are in the test output, for the record)
        Assert.True(result.ExitCode == 0, $"gantry evaluate of its own image: exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
        using var evaluation = JsonDocument.Parse(result.Stdout);
        var root = evaluation.RootElement;
        Assert.Contains(root.GetProperty("final_action").GetString(), new[] { "go", "warn" });
        var imageId = root.GetProperty("image_id").GetString()!;
        var rows = root.GetProperty("result").GetProperty(imageId).GetProperty("result").GetProperty("rows").EnumerateArray().ToList();
        foreach (var row in rows)
        {
            output.WriteLine($"{row[3].GetString()} {row[4].GetString()} {row[6].GetString()}: {row[5].GetString()}");
        }

        Assert.DoesNotContain(rows, row => row[6].GetString() == "stop");
    }
}
