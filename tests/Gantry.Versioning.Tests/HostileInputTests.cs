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
    public void Should_Reject_Ten_Kilobyte_Inputs_By_Their_Length_When_Every_Scheme_Parses_Them()
    {
        // The length check runs before any parsing, so no scheme's parser ever sees input of unbounded size.
        var inputs = new[] { new string('1', 10_240), string.Concat(Enumerable.Repeat("1.a-", 2_560)), new string('.', 10_240) };
        foreach (var scheme in Enum.GetValues<VersionScheme>())
        {
            foreach (var input in inputs)
            {
                Assert.False(VersionSchemes.Get(scheme).TryParse(input, out _, out var error));
                Assert.Contains($"at most {VersionText.MaxLength})", error, StringComparison.Ordinal);
                Assert.False(VersionSchemes.Get(scheme).TryParseConstraint(">=" + input, out _, out var constraintError));
                Assert.Contains($"at most {VersionText.MaxLength * 4})", constraintError, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Should_Parse_And_Order_A_Version_At_The_Length_Limit_And_Reject_One_Character_More(VersionScheme scheme)
    {
        var comparer = VersionSchemes.Get(scheme);
        var start = Start(scheme);
        var longest = AtLengthLimit(start);
        Assert.Equal(VersionText.MaxLength, longest.Length);

        Assert.True(comparer.TryParse(longest, out _, out var error), error);
        Assert.True(comparer.Compare(start, longest) < 0, $"{scheme}: {start} is not below the version at the limit");
        Assert.True(comparer.Compare(longest, start) > 0, $"{scheme}: the version at the limit is not above {start}");
        Assert.False(comparer.TryParse(longest + "1", out _, out var tooLong));
        Assert.Contains($"at most {VersionText.MaxLength})", tooLong, StringComparison.Ordinal);
    }

    /// <summary>A short valid version whose form can grow by dotted numeric parts (pre-release parts where the scheme
    /// has exactly three release parts).</summary>
    private static string Start(VersionScheme scheme) => scheme switch
    {
        VersionScheme.SemVer or VersionScheme.NuGet => "1.0.0-0",
        VersionScheme.GoModule => "v1.0.0-0",
        _ => "1.0",
    };

    /// <summary><paramref name="start"/> followed by ".0" parts and a last part of 1s, exactly at the length limit.</summary>
    private static string AtLengthLimit(string start)
    {
        var text = start;
        while (text.Length + 4 <= VersionText.MaxLength)
        {
            text += ".0";
        }

        return text + "." + new string('1', VersionText.MaxLength - text.Length - 1);
    }

    private static string AnyValidVersion(VersionScheme scheme) => scheme == VersionScheme.GoModule ? "v1.0.0" : "1.0.0";

    private static string Show(string s) => s.Length > 20 ? s[..20] + "…" : s.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\0", "\\0", StringComparison.Ordinal);
}
