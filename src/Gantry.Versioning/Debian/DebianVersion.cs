namespace Gantry.Versioning.Debian;

/// <summary>A Debian package version <c>[epoch:]upstream[-revision]</c> with dpkg's validity rules (lib/dpkg/parsehelp.c).</summary>
internal sealed class DebianVersion : ParsedVersion
{
    private DebianVersion(string original, int epoch, string upstream, string revision)
        : base(original)
    {
        Epoch = epoch;
        Upstream = upstream;
        Revision = revision;
    }

    public override VersionScheme Scheme => VersionScheme.Dpkg;

    public int Epoch { get; }

    public string Upstream { get; }

    public string Revision { get; }

    public static DebianVersion? TryParse(string text, out string? problem)
    {
        var rest = text.AsSpan();
        var epoch = 0;
        var colon = rest.IndexOf(':');
        if (colon >= 0)
        {
            var epochText = rest[..colon];
            if (epochText.IsEmpty)
            {
                problem = "the epoch is empty";
                return null;
            }

            if (!VersionText.IsAllDigits(epochText))
            {
                problem = "the epoch is not a number";
                return null;
            }

            if (VersionText.CompareDigits(epochText, "2147483647") > 0)
            {
                problem = "the epoch is too big";
                return null;
            }

            epoch = int.Parse(epochText, System.Globalization.CultureInfo.InvariantCulture);
            rest = rest[(colon + 1)..];
        }

        var revision = ReadOnlySpan<char>.Empty;
        var dash = rest.LastIndexOf('-');
        if (dash >= 0)
        {
            revision = rest[(dash + 1)..];
            rest = rest[..dash];
            if (revision.IsEmpty)
            {
                problem = "the revision is empty";
                return null;
            }
        }

        if (rest.IsEmpty)
        {
            problem = "the upstream version is empty";
            return null;
        }

        if (!char.IsAsciiDigit(rest[0]))
        {
            problem = "the upstream version does not start with a digit";
            return null;
        }

        foreach (var c in rest)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '-' or '+' or '~' or ':'))
            {
                problem = $"the upstream version contains the invalid character '{c}'";
                return null;
            }
        }

        foreach (var c in revision)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '+' or '~'))
            {
                problem = $"the revision contains the invalid character '{c}'";
                return null;
            }
        }

        problem = null;
        return new DebianVersion(text, epoch, rest.ToString(), revision.ToString());
    }

    private protected override int CompareSameScheme(ParsedVersion other)
    {
        var that = (DebianVersion)other;
        if (Epoch != that.Epoch)
        {
            return Epoch.CompareTo(that.Epoch);
        }

        var c = DebianVersionComparer.CompareFragments(Upstream, that.Upstream);
        return c != 0 ? c : DebianVersionComparer.CompareFragments(Revision, that.Revision);
    }
}
