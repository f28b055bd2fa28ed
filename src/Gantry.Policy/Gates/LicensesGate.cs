namespace Gantry.Policy.Gates;

/// <summary><c>licenses</c>: licenses declared by installed packages, as the SBOM records them.</summary>
internal static class LicensesGate
{
    public static GateDefinition Definition { get; } = new(
        "licenses",
        "License checks against found software licenses in the container image",
        GateOrigin.Anchore,
        [
            new TriggerDefinition("blacklist_exact_match", "Triggers if the evaluated image has a package installed with software distributed under the specified (exact match) license(s).",
            [new("licenses", "List of license names to blacklist exactly.", ParameterKind.CommaList) { Required = true, Example = "GPLv2+,GPL-3+,BSD-2-clause" }],
            context => Check(context, "LICFULLMATCH", (license, wanted) => license == wanted)),
            new TriggerDefinition("blacklist_partial_match", "triggers if the evaluated image has a package installed with software distributed under the specified (substring match) license(s)",
            [new("licenses", "List of strings to do substring match for blacklist.", ParameterKind.CommaList) { Required = true, Example = "LGPL,BSD" }],
            context => Check(context, "LICSUBMATCH", (license, wanted) => license.Contains(wanted, StringComparison.Ordinal))),
        ]);

    private static void Check(TriggerContext context, string code, Func<string, string, bool> matches)
    {
        var wanted = context.Params.GetList("licenses");
        foreach (var package in context.Input.Sbom.Packages)
        {
            foreach (var license in package.Licenses.Where(l => wanted.Any(w => matches(l, w))).Distinct())
            {
                context.Fire($"{code} Packages are installed that have blacklisted licenses: {package.Name}({license})");
            }
        }
    }
}
