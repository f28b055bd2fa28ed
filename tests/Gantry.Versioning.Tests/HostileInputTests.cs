using System.Diagnostics;

namespace Gantry.Versioning.Tests;

/// <summary>Bad input gives a clear parse failure naming the string, never another exception or a hang.</summary>
public sealed class HostileInputTests
{
    public static TheoryData<VersionScheme> Schemes() => [.. Enum.GetValues<VersionScheme>()];

    private static readonly string[] HostileVersions =
    [
        "",
        new string('9', 10_240),
        string.Concat(Enumerable.Repeat("1.", 5_120)),
        string.Concat(Enumerable.Repeat("a-", 5_120)),
        "١٢٣",
        "1.٢.3",
        "1.2.3\n",
        " 1.2.3",
        "1.2.3\0",
    ];

    private static readonly string[] OnlySeparators = ["...", "-", "-.-", "___", "+", "~~", ":", "^"];

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Should_Fail_Parsing_With_A_Message_Naming_The_Input_When_Version_Is_Hostile(VersionScheme scheme)
    {
        var comparer = VersionSchemes.Get(scheme);
        foreach (var input in HostileVersions)
        {
            Assert.False(comparer.TryParse(input, out var parsed, out var error), $"{scheme} accepted '{Show(input)}'");
            Assert.Null(parsed);
            Assert.Contains(scheme.ToString(), error, StringComparison.Ordinal);
            Assert.Contains(input.Length > 64 ? input[..64] : input, error, StringComparison.Ordinal);

            var thrown = Assert.Throws<VersionFormatException>(() => comparer.Parse(input));
            Assert.Equal(error, thrown.Message);
            Assert.Throws<VersionFormatException>(() => comparer.Compare(input, "1.0"));
        }

        Assert.False(comparer.TryParse(null, out _, out var nullError));
        Assert.Contains("empty", nullError, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Should_Reject_Versions_Of_Only_Separators_When_Scheme_Is_Not_Rpm(VersionScheme scheme)
    {
        var comparer = VersionSchemes.Get(scheme);
        foreach (var input in OnlySeparators)
        {
            var accepted = comparer.TryParse(input, out _, out var error);
            if (scheme == VersionScheme.Rpm)
            {
                // rpmvercmp orders separator-only strings (the redhat vectors hold "+ = _"), so rpm accepts them.
                Assert.True(accepted, error);
            }
            else
            {
                Assert.False(accepted, $"{scheme} accepted '{input}'");
                Assert.Contains($"'{input}'", error, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Should_Fail_Without_Throwing_When_Constraint_Is_Hostile(VersionScheme scheme)
    {
        string[] constraints =
        [
            "", "   ", ">=", "<", "^", "~", "~>", "==", "||", ">= 1 ||", "[1.0", "(1.0)", "(,)", "[2.0,1.0]", "~=1", "==1.*.2",
            ">=1.0a.*", "1 - ", "- 1", ",", ">=١", new string('>', 10_240), string.Concat(Enumerable.Repeat(">=1 ", 2_600)),
            string.Concat(Enumerable.Repeat("1||", 300)),
        ];
        var comparer = VersionSchemes.Get(scheme);
        foreach (var constraint in constraints)
        {
            if (!comparer.TryParseConstraint(constraint, out var parsed, out var error))
            {
                Assert.Contains(scheme.ToString(), error, StringComparison.Ordinal);
                Assert.Throws<VersionFormatException>(() => comparer.ParseConstraint(constraint));
            }
            else
            {
                // Whatever a scheme accepts must then evaluate without throwing.
                _ = parsed.IsSatisfiedBy(comparer.Parse(AnyValidVersion(scheme)));
            }
        }
    }

    [Fact]
    public void Should_Reject_Ten_Kilobyte_Inputs_Quickly_When_Every_Scheme_Parses_Them()
    {
        var inputs = new[] { new string('1', 10_240), string.Concat(Enumerable.Repeat("1.a-", 2_560)), new string('.', 10_240) };
        var watch = Stopwatch.StartNew();
        for (var round = 0; round < 100; round++)
        {
            foreach (var scheme in Enum.GetValues<VersionScheme>())
            {
                foreach (var input in inputs)
                {
                    Assert.False(VersionSchemes.Get(scheme).TryParse(input, out _, out _));
                    Assert.False(VersionSchemes.Get(scheme).TryParseConstraint(">=" + input, out _, out _));
                }
            }
        }

        // 6,000 rejections of 10 KB strings: linear-time checks take milliseconds; a backtracking parser would not finish.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Should_Compare_Quickly_When_Version_Is_At_The_Length_Limit(VersionScheme scheme)
    {
        var comparer = VersionSchemes.Get(scheme);
        var longest = "1." + string.Concat(Enumerable.Repeat("0.", 126)) + "10";
        Assert.Equal(256, longest.Length);
        var watch = Stopwatch.StartNew();
        if (comparer.TryParse(longest, out var a, out _) && comparer.TryParse("1.0", out var b, out _))
        {
            for (var i = 0; i < 1_000; i++)
            {
                _ = a.CompareTo(b);
            }
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }

    private static string AnyValidVersion(VersionScheme scheme) => scheme == VersionScheme.GoModule ? "v1.0.0" : "1.0.0";

    private static string Show(string s) => s.Length > 20 ? s[..20] + "…" : s.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\0", "\\0", StringComparison.Ordinal);
}
