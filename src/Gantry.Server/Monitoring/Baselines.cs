using Gantry.Server.Analysis;
using Gantry.Server.Images;
using Gantry.Server.Policies;
using Gantry.Server.Storage;

namespace Gantry.Server.Monitoring;

/// <summary>
/// The engine's first check of a tag, which only stores a baseline: taken when a <c>vuln_update</c> or
/// <c>policy_eval</c> subscription is saved active, so the next database change is compared with what the tag had
/// before it (a vulnerability report, or a stored evaluation), not with nothing.
/// </summary>
public sealed class Baselines(Rechecker rechecker, PolicyChecks policies, ImageCatalog images, IStateStore store, VulnerabilityDatabase database)
{
    public void OnSubscriptionSaved(SubscriptionRecord subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        if (!subscription.Active)
        {
            return;
        }

        if (subscription.Type == Subscriptions.VulnUpdate && database.Current is { } current)
        {
            rechecker.TakeBaseline(subscription.Account, subscription.Key, current.BuildId, cancellationToken);
        }
        else if (subscription.Type == Subscriptions.PolicyEval && images.NewestAnalyzed(subscription.Account, subscription.Key) is { } image
            && store.ListEvaluations(image.Account, image.Digest, subscription.Key).Count == 0)
        {
            policies.Recheck(image, subscription.Key, cancellationToken);
        }
    }
}
