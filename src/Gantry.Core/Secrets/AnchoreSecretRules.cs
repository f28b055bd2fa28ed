using System.Text.RegularExpressions;

namespace Gantry.Core.Secrets;

/// <summary>
/// Anchore Engine's default secret-search regexes (<c>conf/analyzer_config.yaml</c>, names as in
/// <c>gates/secrets.py</c>). The patterns are Anchore's; Gantry only wraps the secret value in a
/// <c>(?&lt;secret&gt;…)</c> group, which changes nothing about what matches and lets findings be redacted precisely.
/// </summary>
public static class AnchoreSecretRules
{
    public const string AwsAccessKey = "AWS_ACCESS_KEY";
    public const string AwsSecretKey = "AWS_SECRET_KEY";
    public const string PrivateKey = "PRIV_KEY";
    public const string DockerAuth = "DOCKER_AUTH";
    public const string ApiKey = "API_KEY";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public static IReadOnlyList<SecretRule> All { get; } =
    [
        Rule(AwsAccessKey, "AWS access key id", @"(?i).*aws_access_key_id( *=+ *).*(?<![A-Z0-9])(?<secret>[A-Z0-9]{20})(?![A-Z0-9]).*", "aws_access_key_id"),
        Rule(AwsSecretKey, "AWS secret access key", @"(?i).*aws_secret_access_key( *=+ *).*(?<![A-Za-z0-9/+=])(?<secret>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=]).*", "aws_secret_access_key"),
        Rule(PrivateKey, "Private key", @"(?i)-+BEGIN(.*)PRIVATE KEY-+", "private key"),
        Rule(DockerAuth, "Docker registry auth", @"(?i).*""auth"": *""(?<secret>.+)""", "\"auth\""),
        Rule(ApiKey, "API key", @"(?i).*api(-|_)key( *=+ *).*(?<![A-Z0-9])(?<secret>[A-Z0-9]{20,60})(?![A-Z0-9]).*", "api"),
    ];

    /// <summary>The default names, as Anchore documents them for <c>content_regex_name</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = [AwsAccessKey, AwsSecretKey, PrivateKey, DockerAuth, ApiKey];

    private static SecretRule Rule(string id, string title, string pattern, string keyword) => new()
    {
        Id = id,
        Category = "anchore",
        Title = title,
        Severity = Severity.High,
        Regex = new Regex(pattern, RegexOptions.CultureInvariant, Timeout),
        Keywords = [keyword],
    };
}
