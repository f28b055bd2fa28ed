using Gantry.Formats.Common;
using Gantry.TestKit.Goldens;

namespace Gantry.Formats.Tests.Goldens;

/// <summary>The golden-file helper: what it normalizes, how it reports a mismatch and what it leaves beside the golden.</summary>
public sealed class GoldenFilesTests : IDisposable
{
    private readonly GoldenFiles _goldens = new(Directory.CreateTempSubdirectory("gantry-golden-files-").FullName);

    public void Dispose() => Directory.Delete(_goldens.Directory, recursive: true);

    [Fact]
    public void Should_ReplaceToolVersionAndScrubbedValues_When_Normalizing()
    {
        var text = $"{{\r\n  \"name\": \"gantry\",\r\n  \"version\": \"{ToolInfo.Version}\",\r\n  \"creator\": \"Tool: gantry-{ToolInfo.Version}\",\r\n  \"path\": \"/tmp/x1/db\"\r\n}}";

        var normalized = GoldenFiles.Normalize(text, [("/tmp/x1", "<tmp>")]);

        Assert.Equal("{\n  \"name\": \"gantry\",\n  \"version\": \"<version>\",\n  \"creator\": \"Tool: gantry-<version>\",\n  \"path\": \"<tmp>/db\"\n}", normalized);
    }

    [Fact]
    public void Should_FailWithLineDiffAndWriteActual_When_OutputDiffers()
    {
        File.WriteAllText(Path.Combine(_goldens.Directory, "doc.golden.json"), "a\nb\nc\n");

        var failure = Assert.ThrowsAny<Exception>(() => _goldens.AssertMatches("doc.golden.json", "a\nB\nc\n"));

        Assert.Contains("@@ line 2\n- b\n+ B\n", failure.Message, StringComparison.Ordinal);
        Assert.Equal("a\nB\nc\n", File.ReadAllText(Path.Combine(_goldens.Directory, "doc.actual.json")));
    }

    [Fact]
    public void Should_RemoveStaleActual_When_OutputMatches()
    {
        File.WriteAllText(Path.Combine(_goldens.Directory, "doc.golden.json"), "same\n");
        File.WriteAllText(Path.Combine(_goldens.Directory, "doc.actual.json"), "old\n");

        _goldens.AssertMatches("doc.golden.json", "same\r\n");

        Assert.False(File.Exists(Path.Combine(_goldens.Directory, "doc.actual.json")));
    }

    [Fact]
    public void Should_WriteNormalizedGolden_When_Updating()
    {
        var updating = new GoldenFiles(_goldens.Directory, update: true);

        updating.AssertMatches("new.golden.txt", "line\r\n");

        Assert.Equal("line\n", File.ReadAllText(Path.Combine(_goldens.Directory, "new.golden.txt")));
    }
}
