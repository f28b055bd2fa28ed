using Gantry.Server.Analysis;
using Gantry.Server.Images;
using Gantry.Server.Storage;

namespace Gantry.Server.Monitoring;

/// <summary>
/// The engine's first vulnerability scan of a tag, which only stores a baseline: taken when a <c>vuln_update</c>
/// subscription is saved active, so the next database change is diffed against what the tag had before it.
/// </summary>
public sealed class Baselines(Rechecker rechecker, VulnerabilityDatabase database)
{
    public void OnSubscriptionSaved(SubscriptionRecord subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        if (subscription is { Active: true, Type: Subscriptions.VulnUpdate } && database.Current is { } current)
        {
            rechecker.TakeBaseline(subscription.Account, subscription.Key, current.BuildId, cancellationToken);
        }
    }
}
