using System.Security.Cryptography;
using System.Text;
using Gantry.Server.Storage;

namespace Gantry.Server.Images;

/// <summary>Subscription types and ids as the engine makes them (SERVICE.md §1.4, §2).</summary>
public sealed class Subscriptions(IStateStore store, TimeProvider timeProvider)
{
    public const string TagUpdate = "tag_update";
    public const string AnalysisUpdate = "analysis_update";
    public const string RepoUpdate = "repo_update";
    public const string PolicyEval = "policy_eval";
    public const string VulnUpdate = "vuln_update";

    public static readonly IReadOnlyList<string> TagTypes = [TagUpdate, PolicyEval, VulnUpdate, AnalysisUpdate];

    public static readonly IReadOnlyList<string> AllTypes = [.. TagTypes, RepoUpdate];

    /// <summary>The md5 hex of <c>account+key+type</c>, joined by <c>+</c>, as the engine computes it.</summary>
#pragma warning disable CA5351 // the engine's subscription ids are md5: an identifier clients compare, not security
    public static string IdOf(string account, string key, string type) =>
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes($"{account}+{key}+{type}")));
#pragma warning restore CA5351

    public SubscriptionRecord New(string account, string type, string key, string? value, bool active)
    {
        var now = timeProvider.GetUtcNow();
        return new SubscriptionRecord(IdOf(account, key, type), account, type, key, value, active, now, now);
    }

    /// <summary>An image add: the four tag subscriptions exist (inactive), <c>analysis_update</c> is active, and <c>tag_update</c> when asked.</summary>
    public void OnImageAdded(string account, string fullTag, bool autosubscribe)
    {
        foreach (var type in TagTypes)
        {
            store.AddSubscription(New(account, type, fullTag, null, active: false));
        }

        Activate(account, fullTag, AnalysisUpdate);
        if (autosubscribe)
        {
            Activate(account, fullTag, TagUpdate);
        }
    }

    /// <summary>True when the account's subscription of <paramref name="type"/> on <paramref name="key"/> exists and is active (a notification is built only then).</summary>
    public bool IsActive(string account, string key, string type) => store.GetSubscription(account, IdOf(account, key, type))?.Active == true;

    private void Activate(string account, string key, string type)
    {
        if (store.GetSubscription(account, IdOf(account, key, type)) is { Active: false } subscription)
        {
            store.UpdateSubscription(subscription with { Active = true, LastUpdated = timeProvider.GetUtcNow() });
        }
    }
}
