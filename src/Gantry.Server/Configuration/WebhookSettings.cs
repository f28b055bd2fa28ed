namespace Gantry.Server.Configuration;

/// <summary>
/// Anchore's <c>webhooks</c> configuration: the <c>general</c> URL and one per notification type (each may use
/// <c>&lt;notification_type&gt;</c> and <c>&lt;userId&gt;</c>), basic auth, and Gantry's additions: the HMAC secret and
/// how long a delivery is retried.
/// </summary>
public sealed record WebhookSettings
{
    public const string General = "general";

    public string? GeneralUrl { get; init; }

    /// <summary>The URL of each notification type that has its own.</summary>
    public IReadOnlyDictionary<string, string> TypeUrls { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public string? User { get; init; }

    /// <summary>The basic-auth password; never logged.</summary>
    public string? Password { get; init; }

    /// <summary>Signs each body (<c>X-Gantry-Signature</c>); never logged.</summary>
    public string? Secret { get; init; }

    /// <summary>A notification not delivered this long after it was made is given up (the engine's 30 s loses a receiver's restart).</summary>
    public TimeSpan RetryFor { get; init; } = TimeSpan.FromHours(24);

    /// <summary>The URL configured under <paramref name="webhook"/> (<c>general</c> or a notification type), if any.</summary>
    public string? UrlOf(string webhook) => webhook == General ? GeneralUrl : TypeUrls.GetValueOrDefault(webhook);

    /// <summary>Where a notification of <paramref name="type"/> goes: its own URL and the general one, when configured.</summary>
    public IEnumerable<string> TargetsOf(string type) => new[] { UrlOf(type), GeneralUrl }.OfType<string>();

    /// <summary>The URL with the engine's placeholders filled in.</summary>
    public static string Expand(string url, string type, string account) =>
        url.Replace("<notification_type>", Uri.EscapeDataString(type), StringComparison.Ordinal)
            .Replace("<userId>", Uri.EscapeDataString(account), StringComparison.Ordinal);
}
