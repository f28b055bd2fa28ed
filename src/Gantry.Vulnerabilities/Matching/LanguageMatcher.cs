using Gantry.Core;
using Gantry.Versioning;

namespace Gantry.Vulnerabilities.Matching;

/// <summary>
/// Matches a language package against its ecosystem's OSV data by normalized name, evaluating ranges and version
/// lists exactly. One instance per ecosystem, configured in <see cref="MatcherRegistry"/>.
/// </summary>
internal sealed class LanguageMatcher(
    string name,
    IReadOnlyList<PackageType> packageTypes,
    string ecosystem,
    IVersionComparer comparer,
    Func<Package, string?> lookupName,
    Func<Package, string?>? lookupVersion = null) : IMatcher
{
    public string Name { get; } = name;

    public IReadOnlyList<PackageType> PackageTypes { get; } = packageTypes;

    public string Ecosystem { get; } = ecosystem;

    public IEnumerable<Finding> Match(Package package, MatchContext context)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(context);
        var packageName = lookupName(package);
        var version = lookupVersion is null ? package.Version : lookupVersion(package);
        if (string.IsNullOrEmpty(packageName) || string.IsNullOrEmpty(version))
        {
            return [];
        }

        if (!comparer.TryParse(version, out _, out var error))
        {
            context.Report(new Diagnostic(MatchDiagnostics.UnreadableVersion, $"{package.Name}@{package.Version}: not matched: {error}"));
            return [];
        }

        var findings = new List<Finding>();
        foreach (var affected in context.Store.FindAffected(Ecosystem, Store.PackageNames.Normalize(Ecosystem, packageName)))
        {
            if (AffectedEvaluator.Match(affected, version, comparer, context) is { } constraint
                && FindingFactory.Create(package, affected, constraint, MatchTypes.ExactDirect, Name, comparer, context) is { } finding)
            {
                findings.Add(finding);
            }
        }

        return findings;
    }
}
