namespace Gantry.Policy.Bundles;

public enum ProblemSeverity
{
    Error,
    Warning,
}

/// <summary>One problem found in a bundle, located by a JSON path such as <c>$.policies[0].rules[2].params[0]</c>.</summary>
public sealed record PolicyProblem(string Path, string Message, ProblemSeverity Severity = ProblemSeverity.Error)
{
    public override string ToString() =>
        Severity == ProblemSeverity.Warning ? $"{Path}: warning: {Message}" : $"{Path}: {Message}";
}

/// <summary>The outcome of loading a bundle: the bundle when there is no error, and every problem found.</summary>
public sealed record BundleLoadResult(PolicyBundle? Bundle, IReadOnlyList<PolicyProblem> Problems)
{
    public IEnumerable<PolicyProblem> Errors => Problems.Where(p => p.Severity == ProblemSeverity.Error);

    public IEnumerable<PolicyProblem> Warnings => Problems.Where(p => p.Severity == ProblemSeverity.Warning);

    public bool IsValid => Bundle is not null;
}
