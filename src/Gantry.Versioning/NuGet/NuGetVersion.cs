namespace Gantry.Versioning.NuGet;

/// <summary>
/// A NuGet version: SemVer 2.0 plus an optional fourth (revision) number, leading zeros allowed, release labels
/// compared case-insensitively and build metadata ignored (NuGet.Versioning's <c>VersionComparer.Default</c>).
/// </summary>
internal sealed class NuGetVersion : ParsedVersion
{
    private NuGetVersion(string original, string[] numbers, string[] labels)
        : base(original)
    {
        Numbers = numbers;
        Labels = labels;
    }

    public override VersionScheme Scheme => VersionScheme.NuGet;

    /// <summary>Major, minor, patch and revision (missing ones are "0").</summary>
    public string[] Numbers { get; }

    public string[] Labels { get; }

    public static NuGetVersion? TryParse(string text, out string? problem)
    {
        var plus = text.IndexOf('+', StringComparison.Ordinal);
        var core = plus < 0 ? text : text[..plus];
        if (plus >= 0 && !AreIdentifiers(text[(plus + 1)..]))
        {
            problem = "the build metadata is not dot-separated [0-9A-Za-z-] identifiers";
            return null;
        }

        var dash = core.IndexOf('-', StringComparison.Ordinal);
        var release = dash < 0 ? core : core[..dash];
        string[] labels = [];
        if (dash >= 0)
        {
            if (!AreIdentifiers(core[(dash + 1)..]))
            {
                problem = "the release label is not dot-separated [0-9A-Za-z-] identifiers";
                return null;
            }

            labels = core[(dash + 1)..].Split('.');
            if (labels.Any(l => l.Length > 1 && l[0] == '0' && VersionText.IsAllDigits(l)))
            {
                problem = "a numeric release label has a leading zero";
                return null;
            }
        }

        var parts = release.Split('.');
        if (parts.Length > 4 || !parts.All(p => VersionText.IsAllDigits(p)))
        {
            problem = "the version is not one to four dot-separated numbers";
            return null;
        }

        var numbers = new[] { "0", "0", "0", "0" };
        parts.CopyTo(numbers, 0);
        problem = null;
        return new NuGetVersion(text, numbers, labels);
    }

    private static bool AreIdentifiers(string text) =>
        text.Split('.').All(id => id.Length > 0 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));

    private protected override int CompareSameScheme(ParsedVersion other)
    {
        var that = (NuGetVersion)other;
        for (var i = 0; i < 4; i++)
        {
            var c = VersionText.CompareDigits(Numbers[i], that.Numbers[i]);
            if (c != 0)
            {
                return c;
            }
        }

        if (Labels.Length == 0 || that.Labels.Length == 0)
        {
            return that.Labels.Length.CompareTo(Labels.Length);
        }

        for (var i = 0; i < Math.Min(Labels.Length, that.Labels.Length); i++)
        {
            var aNumeric = VersionText.IsAllDigits(Labels[i]);
            var bNumeric = VersionText.IsAllDigits(that.Labels[i]);
            var c = aNumeric && bNumeric ? VersionText.CompareDigits(Labels[i], that.Labels[i])
                : aNumeric ? -1
                : bNumeric ? 1
                : Math.Sign(string.Compare(Labels[i], that.Labels[i], StringComparison.OrdinalIgnoreCase));
            if (c != 0)
            {
                return c;
            }
        }

        return Labels.Length.CompareTo(that.Labels.Length);
    }
}
