using System.Text.RegularExpressions;

namespace Gantry.Core.Secrets;

/// <summary>
/// A content rule, in Trivy's terms: a regex (with an optional named group holding the secret itself), keywords
/// that must appear for the rule to run at all, an optional path filter, and allow rules that cancel matches.
/// </summary>
public sealed record SecretRule
{
    public required string Id { get; init; }

    public string Category { get; init; } = "general";

    public string Title { get; init; } = string.Empty;

    public Severity Severity { get; init; } = Severity.High;

    public required Regex Regex { get; init; }

    /// <summary>The regex group that holds the secret value; the whole match when absent.</summary>
    public string SecretGroupName { get; init; } = "secret";

    /// <summary>Lower-case keywords; the rule runs only on content containing one (a cheap pre-filter). Empty: always.</summary>
    public IReadOnlyList<string> Keywords { get; init; } = [];

    /// <summary>Only files whose path matches are scanned with this rule; null: every file.</summary>
    public Regex? Path { get; init; }

    public IReadOnlyList<SecretAllowRule> AllowRules { get; init; } = [];
}

/// <summary>Cancels a finding when the path or the matched text matches (Trivy's <c>allow-rules</c>).</summary>
public sealed record SecretAllowRule(string Id, string? Description, Regex? Regex, Regex? Path)
{
    public bool AllowsPath(string path) => Path is not null && Path.IsMatch(path);

    public bool AllowsMatch(string match) => Regex is not null && Regex.IsMatch(match);
}

/// <summary>Rules plus allow rules that apply to every rule.</summary>
public sealed record SecretRuleSet(IReadOnlyList<SecretRule> Rules, IReadOnlyList<SecretAllowRule> GlobalAllowRules)
{
    /// <summary>Anchore's default <c>secret_search</c> rules.</summary>
    public static SecretRuleSet AnchoreDefaults { get; } = new(AnchoreSecretRules.All, []);
}
