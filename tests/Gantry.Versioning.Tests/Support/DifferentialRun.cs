using System.Globalization;
using Xunit.Abstractions;

namespace Gantry.Versioning.Tests.Support;

/// <summary>Plumbing shared by the differential tests: batch files in a temp folder and one report of disagreements.</summary>
internal sealed class DifferentialRun : IDisposable
{
    private readonly List<string> _disagreements = [];

    public DifferentialRun() => Folder = Directory.CreateTempSubdirectory("gantry-versioning-").FullName;

    public string Folder { get; }

    public int Checked { get; private set; }

    /// <summary>Writes one tab-separated line per row and returns the file's path.</summary>
    public string WriteRows(string name, IEnumerable<IEnumerable<string>> rows)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllLines(path, rows.Select(r => string.Join('\t', r)));
        return path;
    }

    public string WriteScript(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Counts one checked case and records it when <paramref name="agree"/> is false.</summary>
    public void Check(bool agree, string what)
    {
        Checked++;
        if (!agree)
        {
            _disagreements.Add(what);
        }
    }

    /// <summary>Fails with the first disagreements; also fails when fewer than <paramref name="minimum"/> cases were checked.</summary>
    public void AssertAgreement(int minimum, ITestOutputHelper output)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Checked} cases checked, {_disagreements.Count} disagreements"));
        Assert.True(Checked >= minimum, string.Create(CultureInfo.InvariantCulture, $"only {Checked} cases checked (want {minimum})"));
        Assert.True(
            _disagreements.Count == 0,
            string.Create(CultureInfo.InvariantCulture, $"{_disagreements.Count} of {Checked} cases disagree:\n") + string.Join('\n', _disagreements.Take(40)));
    }

    public static int ParseSign(string text) => Math.Sign(int.Parse(text, CultureInfo.InvariantCulture));

    public static bool IsUsable(string version) => version.Length is > 0 and <= 200 && !version.Any(c => char.IsWhiteSpace(c) || char.IsControl(c));

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
