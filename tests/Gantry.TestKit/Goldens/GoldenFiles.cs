using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Gantry.Formats.Common;
using Xunit;

namespace Gantry.TestKit.Goldens;

/// <summary>
/// Golden files for output formats: plain <c>NAME.golden.EXT</c> files in a folder beside the test, compared with the
/// actual output after normalizing what legitimately changes between builds and runs:
/// <list type="bullet">
/// <item>the tool version (<see cref="ToolInfo.Version"/>) where documents name their author, as <c>&lt;version&gt;</c>;</item>
/// <item>values the caller names (a temp path, a database build time), as the placeholder it gives;</item>
/// <item>line endings, as <c>\n</c>.</item>
/// </list>
/// Timestamps are not pattern-scrubbed: tests pin the clocks they can (writer timestamps, time providers) so goldens
/// show the real formatting, and name the rest. Document ids need no scrubbing: they are name-based UUIDs of the digest.
/// On a mismatch the test fails with a line diff and the normalized output is written beside the golden as
/// <c>NAME.actual.EXT</c> (git-ignored); with <c>GANTRY_UPDATE_GOLDENS=1</c> the goldens are rewritten instead.
/// </summary>
/// <param name="directory">The folder of the golden files.</param>
/// <param name="update">Rewrite goldens instead of comparing; by default, whether <c>GANTRY_UPDATE_GOLDENS=1</c>.</param>
public sealed class GoldenFiles(string directory, bool? update = null)
{
    public const string UpdateVariable = "GANTRY_UPDATE_GOLDENS";

    private const int MaxDiffLines = 60;

    public string Directory { get; } = directory;

    /// <summary>The folder holding the calling test's source file.</summary>
    public static GoldenFiles BesideCaller([CallerFilePath] string testFile = "") => new(Path.GetDirectoryName(testFile)!);

    public bool Updating { get; } = update ?? Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    /// <summary>Fails unless <paramref name="actual"/>, normalized, equals the golden <paramref name="name"/> (e.g. <c>sbom.golden.json</c>).</summary>
    public void AssertMatches(string name, string actual, params (string Value, string Placeholder)[] scrub)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(actual);
        var goldenPath = Path.Combine(Directory, name);
        var actualPath = Path.Combine(Directory, name.Replace(".golden.", ".actual.", StringComparison.Ordinal));
        var normalized = Normalize(actual, scrub);
        if (Updating)
        {
            File.WriteAllText(goldenPath, normalized);
            File.Delete(actualPath);
            return;
        }

        var expected = File.Exists(goldenPath) ? File.ReadAllText(goldenPath).ReplaceLineEndings("\n") : null;
        if (expected == normalized)
        {
            File.Delete(actualPath);
            return;
        }

        File.WriteAllText(actualPath, normalized);
        Assert.Fail(expected is null
            ? $"{goldenPath} does not exist; the output is in {actualPath} (run with {UpdateVariable}=1 to accept it)"
            : $"{goldenPath} differs from the output (written to {actualPath}; run with {UpdateVariable}=1 to accept it):\n{LineDiff.Format(expected, normalized, MaxDiffLines)}");
    }

    public static string Normalize(string text, IEnumerable<(string Value, string Placeholder)> scrub)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(scrub);
        text = text.ReplaceLineEndings("\n");
        foreach (var (value, placeholder) in scrub.Where(s => s.Value.Length > 0))
        {
            text = text.Replace(value, placeholder, StringComparison.Ordinal);
        }

        var version = Regex.Escape(ToolInfo.Version);
        text = Regex.Replace(text, $"(Tool: {ToolInfo.Name}-){version}\"", "$1<version>\"");
        return Regex.Replace(text, $"(\"name\": \"{ToolInfo.Name}\",\\s*\"version\": \"){version}\"", "$1<version>\"");
    }
}
