using Gantry.Core;

namespace Gantry.Vulnerabilities.Matching;

/// <summary>Finds the vulnerabilities of one ecosystem's packages. Listed in <see cref="MatcherRegistry"/>.</summary>
public interface IMatcher
{
    /// <summary>The name findings carry (<c>python-matcher</c>, <c>dpkg-matcher</c>…).</summary>
    string Name { get; }

    /// <summary>The package types this matcher is asked about.</summary>
    IReadOnlyList<PackageType> PackageTypes { get; }

    IEnumerable<Finding> Match(Package package, MatchContext context);
}
