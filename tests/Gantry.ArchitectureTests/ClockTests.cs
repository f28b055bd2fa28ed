using System.Text.RegularExpressions;

namespace Gantry.ArchitectureTests;

/// <summary>
/// The service runs on one clock, the engine's injected <see cref="TimeProvider"/>, for stamps and durations alike, so a
/// test can move it and every stamp agrees.
/// </summary>
public sealed partial class ClockTests
{
    [Fact]
    public void Should_Read_The_Time_Only_From_The_Injected_Clock_In_The_Server()
    {
        var sources = Directory.EnumerateFiles(Repository.Path("src", "Gantry.Server"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();

        var offenders = sources.SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => SystemClock().IsMatch(x.line))
            .Select(x => $"{Path.GetFileName(x.f)}:{x.i + 1}")
            .ToList();

        Assert.NotEmpty(sources);
        Assert.Empty(offenders);
    }

    [GeneratedRegex(@"\bDateTime(Offset)?\.(UtcNow|Now|Today)\b|\bStopwatch\.(StartNew|GetTimestamp)\b")]
    private static partial Regex SystemClock();
}
