namespace Gantry.Versioning.Rpm;

/// <summary>
/// An RPM <c>[epoch:]version[-release]</c>. As in rpm's <c>labelCompare</c>, a missing epoch is "0" and a missing
/// release sorts before any release; the epoch is only split off when it is all digits.
/// Non-ASCII letters are accepted (rpm treats them as separators); non-ASCII digits are rejected because rpm would
/// silently ignore them.
/// </summary>
internal sealed class RpmVersion : ParsedVersion
{
    private RpmVersion(string original, string epoch, string version, string? release)
        : base(original)
    {
        Epoch = epoch;
        Version = version;
        Release = release;
    }

    public override VersionScheme Scheme => VersionScheme.Rpm;

    public string Epoch { get; }

    public string Version { get; }

    public string? Release { get; }

    public static RpmVersion? TryParse(string text, out string? problem)
    {
        problem = null;
        var epoch = "0";
        var rest = text;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0 && VersionText.IsAllDigits(text.AsSpan(0, colon)))
        {
            epoch = text[..colon];
            rest = text[(colon + 1)..];
        }

        var dash = rest.LastIndexOf('-');
        return dash < 0
            ? new RpmVersion(text, epoch, rest, null)
            : new RpmVersion(text, epoch, rest[..dash], rest[(dash + 1)..]);
    }

    private protected override int CompareSameScheme(ParsedVersion other)
    {
        var that = (RpmVersion)other;
        var c = RpmVersionComparer.Compare(Epoch, that.Epoch);
        if (c == 0)
        {
            c = RpmVersionComparer.Compare(Version, that.Version);
        }

        if (c == 0 && (Release is not null || that.Release is not null))
        {
            c = Release is null ? -1 : that.Release is null ? 1 : RpmVersionComparer.Compare(Release, that.Release);
        }

        return c;
    }
}
