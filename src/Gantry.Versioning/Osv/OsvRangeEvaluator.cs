namespace Gantry.Versioning.Osv;

/// <summary>
/// Evaluates one OSV <c>ranges[]</c> entry as the OSV schema's reference pseudo-code does: the events are sorted by
/// version (<c>introduced: "0"</c> first, <c>limit: "*"</c> last, ties in their written order); walking them,
/// <c>v &gt;= introduced</c> sets "affected", <c>v &gt;= fixed</c> and <c>v &gt; last_affected</c> clear it; and when the
/// range has limits, the version must be below at least one of them. The explicit <c>versions[]</c> list and GIT
/// ranges are the caller's business.
/// </summary>
public static class OsvRangeEvaluator
{
    /// <summary>The comparer for a range: SEMVER ranges use SemVer whatever the ecosystem; null for GIT or unknown ones.</summary>
    public static IVersionComparer? ComparerFor(string rangeType, string ecosystem) => rangeType switch
    {
        "SEMVER" => VersionSchemes.SemVer,
        "ECOSYSTEM" => VersionSchemes.ForOsvEcosystem(ecosystem),
        _ => null,
    };

    /// <summary>True when <paramref name="version"/> is affected; throws <see cref="VersionFormatException"/> when it or an event version does not parse.</summary>
    public static bool IsAffected(string version, IReadOnlyList<OsvEvent> events, IVersionComparer comparer)
    {
        ArgumentNullException.ThrowIfNull(comparer);
        return IsAffected(comparer.Parse(version), events, comparer);
    }

    public static bool IsAffected(ParsedVersion version, IReadOnlyList<OsvEvent> events, IVersionComparer comparer)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(comparer);

        var sorted = new List<(OsvEvent Event, ParsedVersion? Version, int Order)>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var unbounded = (e.Kind == OsvEventKind.Introduced && e.Version == "0") || (e.Kind == OsvEventKind.Limit && e.Version == "*");
            sorted.Add((e, unbounded ? null : comparer.Parse(e.Version), i));
        }

        sorted.Sort(CompareEvents);

        var hasLimit = false;
        var belowSomeLimit = false;
        var affected = false;
        foreach (var (e, bound, _) in sorted)
        {
            switch (e.Kind)
            {
                case OsvEventKind.Introduced when bound is null || version.CompareTo(bound) >= 0:
                    affected = true;
                    break;
                case OsvEventKind.Fixed when version.CompareTo(bound) >= 0:
                    affected = false;
                    break;
                case OsvEventKind.LastAffected when version.CompareTo(bound) > 0:
                    affected = false;
                    break;
                case OsvEventKind.Limit:
                    hasLimit = true;
                    belowSomeLimit |= bound is null || version.CompareTo(bound) < 0;
                    break;
            }
        }

        return affected && (!hasLimit || belowSomeLimit);
    }

    /// <summary>Orders by version; "introduced 0" is the lowest and "limit *" the highest; ties keep input order.</summary>
    private static int CompareEvents((OsvEvent Event, ParsedVersion? Version, int Order) a, (OsvEvent Event, ParsedVersion? Version, int Order) b)
    {
        var c = Rank(a).CompareTo(Rank(b));
        if (c == 0 && a.Version is not null && b.Version is not null)
        {
            c = a.Version.CompareTo(b.Version);
        }

        return c != 0 ? c : a.Order.CompareTo(b.Order);

        static int Rank((OsvEvent Event, ParsedVersion? Version, int Order) e) =>
            e.Version is not null ? 0 : e.Event.Kind == OsvEventKind.Introduced ? -1 : 1;
    }
}
