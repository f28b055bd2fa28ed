namespace Gantry.Versioning;

/// <summary>A version parsed by its scheme; instances of the same scheme are totally ordered.</summary>
/// <remarks>
/// No == or Equals by order: equal-ordered versions ("1.0" and "1.0.0") would need a scheme-specific canonical hash;
/// compare with <see cref="CompareTo"/> instead.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1036", Justification = "Ordering is not identity; see remarks.")]
public abstract class ParsedVersion : IComparable<ParsedVersion>
{
    private protected ParsedVersion(string original) => Original = original;

    /// <summary>The string the version was parsed from.</summary>
    public string Original { get; }

    public abstract VersionScheme Scheme { get; }

    public int CompareTo(ParsedVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        if (other.Scheme != Scheme)
        {
            throw new ArgumentException($"cannot compare a {Scheme} version with a {other.Scheme} version", nameof(other));
        }

        return Math.Sign(CompareSameScheme(other));
    }

    public override string ToString() => Original;

    /// <summary>Orders this version against another of the same scheme.</summary>
    private protected abstract int CompareSameScheme(ParsedVersion other);
}
