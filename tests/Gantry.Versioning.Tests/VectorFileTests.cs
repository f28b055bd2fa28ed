using Gantry.Versioning.Tests.Support;

namespace Gantry.Versioning.Tests;

/// <summary>Every line of the osv-scalibr vector files for the schemes Gantry implements.</summary>
public sealed class VectorFileTests
{
    /// <summary>
    /// Lines where the vector file and the real implementation on this machine disagree; the real one wins.
    /// <c>1-1 = 1-ga-1</c> holds from Maven 3.9 on, but Debian's Maven 3.8.7 <c>ComparableVersion</c> (our differential
    /// oracle) orders <c>1-1</c> above <c>1-ga-1</c>.
    /// <c>1beta</c> and <c>1gamma</c> are not Gem versions: Ruby's <c>Gem::Version.new("1beta")</c> raises
    /// "Malformed version number string" (letters must follow a '.' or '-'), so Gantry rejects them too.
    /// </summary>
    private static readonly Dictionary<string, string[]> Exclusions = new()
    {
        ["maven"] = ["1-1 = 1-ga-1"],
        ["rubygems"] = ["1 > 1beta", "1 > 1gamma"],
    };

    [Theory]
    [InlineData("debian", VersionScheme.Dpkg)]
    [InlineData("alpine", VersionScheme.Apk)]
    [InlineData("redhat", VersionScheme.Rpm)]
    [InlineData("pypi", VersionScheme.Pep440)]
    [InlineData("semver", VersionScheme.SemVer)]
    [InlineData("maven", VersionScheme.Maven)]
    [InlineData("rubygems", VersionScheme.RubyGems)]
    [InlineData("nuget", VersionScheme.NuGet)]
    [InlineData("packagist", VersionScheme.Composer)]
    public void Should_Order_Every_Vector_Line_When_Scheme_Is_Implemented(string file, VersionScheme scheme)
    {
        var comparer = VersionSchemes.Get(scheme);
        var excluded = Exclusions.GetValueOrDefault(file, []);
        var lines = VectorLine.Read(CorpusVersions.VectorFile(file)).ToList();
        var failures = new List<string>();
        var checkedLines = 0;
        foreach (var line in lines)
        {
            if (excluded.Contains($"{line.Left} {(line.Expected < 0 ? "<" : line.Expected == 0 ? "=" : ">")} {line.Right}"))
            {
                continue;
            }

            checkedLines++;
            if (!comparer.TryParse(line.Left, out var left, out var error) || !comparer.TryParse(line.Right, out var right, out error))
            {
                failures.Add($"{line}: {error}");
                continue;
            }

            var actual = left.CompareTo(right);
            if (actual != line.Expected)
            {
                failures.Add($"{line}: got {actual}");
            }

            // The ordering must be antisymmetric too.
            if (right.CompareTo(left) != -line.Expected)
            {
                failures.Add($"{line}: reversed comparison got {right.CompareTo(left)}");
            }
        }

        Assert.True(checkedLines > 10, $"only {checkedLines} lines in {file}");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal(lines.Count - excluded.Length, checkedLines);
    }
}
