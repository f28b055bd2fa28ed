namespace Gantry.Policy.Gates;

/// <summary>
/// Anchore's end-of-life gates (<c>PE/gates/eol</c>). Bundles that use them still load; their rules evaluate to
/// nothing and the result carries a warning, as in Anchore with deprecated gates allowed.
/// </summary>
internal static class LegacyGates
{
    private static readonly (string Gate, string[] Triggers)[] Names =
    [
        ("dockerfilecheck", ["directivecheck", "effectiveuser", "expose", "nofrom", "fromscratch", "notag", "sudo", "volumepresent", "nohealthcheck", "nodockerfile"]),
        ("filecheck", ["contentmatch", "filenamematch", "suidsgidcheck"]),
        ("gemcheck", ["gemnotlatest", "gemnotofficial", "gembadversion", "gempkgfullmatch", "gempkgnamematch", "gemnofeed"]),
        ("npmcheck", ["npmnotlatest", "npmnotofficial", "npmbadversion", "npmpkgfullmatch", "npmpkgnamematch", "npmnofeed"]),
        ("metadatacheck", ["attributecheck"]),
        ("licblacklist", ["licfullmatch", "licsubmatch"]),
        ("pkgblacklist", ["pkgfullmatch", "pkgnamematch"]),
        ("pkgcheck", ["pkgnotpresent", "verify"]),
        ("pkgdiff", ["pkgversiondiff", "pkgadd", "pkgdel", "pkgdiff"]),
        ("suiddiff", ["suiddiff", "suidfileadd", "suidfiledel", "suidmodediff"]),
        ("imagecheck", ["baseoutofdate"]),
        ("anchoresec", ["vulnlow", "vulnmedium", "vulnhigh", "vulncritical", "vulnunknown", "feedoutofdate", "unsupporteddistro"]),
        ("fileparse_passwd", ["filenotstored", "usernamematch", "useridmatch", "groupidmatch", "shellmatch", "pentrymatch"]),
        ("secretcheck", ["contentmatch", "filenamematch"]),
    ];

    public static IReadOnlyList<GateDefinition> All { get; } = Names
        .Select(n => new GateDefinition(
            n.Gate,
            $"End-of-life Anchore gate: rules load but evaluate to nothing. Use the current gates instead.",
            GateOrigin.Legacy,
            n.Triggers.Select(t => new TriggerDefinition(t, "End-of-life trigger; evaluates to nothing.", context =>
                context.Warn("end-of-life Anchore gate; the rule was not evaluated"))).ToList()))
        .ToList();
}
