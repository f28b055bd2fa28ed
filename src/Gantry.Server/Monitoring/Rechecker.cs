using System.Text.Json;
using System.Text.Json.Nodes;
using Gantry.Server.Analysis;
using Gantry.Server.Api;
using Gantry.Server.Events;
using Gantry.Server.Images;
using Gantry.Server.Notifications;
using Gantry.Server.Policies;
using Gantry.Server.Storage;

namespace Gantry.Server.Monitoring;

/// <summary>What a re-check did; <see cref="Ran"/> is false when another process held the lease.</summary>
public sealed record RecheckResult(bool Ran, int TagsMatched, int VulnerabilityUpdates, int PolicyEvaluations);

/// <summary>
/// The re-check after a database switch, without re-analysis: each tag with an active <c>vuln_update</c> has its
/// newest image's stored SBOM matched against the new build, diffed with the tag's baseline (or the report stored
/// under the previous build), and a <c>vuln_update</c> raised only for a non-empty diff; then each active
/// <c>policy_eval</c> tag is re-evaluated (<see cref="PolicyChecks"/> raises <c>policy_eval</c> when the final action
/// changed). Every re-check of a tag, changed or not, is kept as a point of its history (time and findings per
/// severity) for the UI's chart. A lease in the state store keeps two processes from running it at once.
/// </summary>
public sealed class Rechecker(IStateStore store, ImageCatalog images, VulnerabilityReports reports, FindingCounts counts, AnalysisStore documents,
    PolicyChecks policies, Notifier notifier, EventFactory events, TimeProvider timeProvider, ILogger<Rechecker> logger)
{
    public const string LeaseName = "recheck";

    /// <summary>Far longer than a re-check takes; only a holder that died leaves it to expire.</summary>
    private static readonly TimeSpan LeaseTime = TimeSpan.FromMinutes(30);

    private readonly string _holder = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    private enum TagCheck
    {
        NothingToCheck,
        Baseline,
        Unchanged,
        Updated,
    }

    public RecheckResult Run(DatabaseSwitch change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var now = timeProvider.GetUtcNow();
        if (change.Current is not { } current || !store.TryAcquireLease(LeaseName, _holder, now, now + LeaseTime))
        {
            logger.LogInformation("re-check skipped: {Reason}", change.Current is null ? "no database" : "another process holds the lease");
            return new RecheckResult(false, 0, 0, 0);
        }

        try
        {
            var checks = store.ListActiveSubscriptions(Subscriptions.VulnUpdate)
                .Select(s => Safely(s, TagCheck.NothingToCheck, () => CheckVulnerabilities(s.Account, s.Key, current.BuildId, change.Previous?.BuildId, cancellationToken)))
                .ToList();
            var evaluations = store.ListActiveSubscriptions(Subscriptions.PolicyEval)
                .Count(s => Safely(s, false, () => images.NewestAnalyzed(s.Account, s.Key) is { } image && policies.Recheck(image, s.Key, cancellationToken)));
            var result = new RecheckResult(true, checks.Count(c => c != TagCheck.NothingToCheck), checks.Count(c => c == TagCheck.Updated), evaluations);
            logger.LogInformation("re-check for database build {Build}: {Tags} tags matched again, {Updates} vuln_update, {Evaluations} policy evaluations",
                current.BuildId, result.TagsMatched, result.VulnerabilityUpdates, result.PolicyEvaluations);
            return result;
        }
        finally
        {
            store.ReleaseLease(LeaseName, _holder);
        }
    }

    /// <summary>
    /// Stores the tag's current report as its baseline unless it has one (a <c>vuln_update</c> subscription was just
    /// activated): the engine's first scan of a tag, which notifies nothing.
    /// </summary>
    public void TakeBaseline(string account, string fullTag, string databaseBuild, CancellationToken cancellationToken)
    {
        if (store.GetRecheckBaseline(account, fullTag) is null && images.NewestAnalyzed(account, fullTag) is { } image)
        {
            SaveBaseline(account, fullTag, image.Digest, databaseBuild, reports.Get(image.Digest, cancellationToken));
        }
    }

    private TagCheck CheckVulnerabilities(string account, string fullTag, string build, string? previousBuild, CancellationToken cancellationToken)
    {
        if (images.NewestAnalyzed(account, fullTag) is not { } image)
        {
            return TagCheck.NothingToCheck;
        }

        var baseline = store.GetRecheckBaseline(account, fullTag);
        if (baseline is not null && baseline.Digest == image.Digest && baseline.DatabaseBuild == build)
        {
            return TagCheck.Unchanged; // another process's re-check got here first
        }

        // No baseline yet: the report stored under the previous build is what the tag was seen with.
        var previousJson = baseline?.ReportJson ?? (previousBuild is null ? null : store.GetVulnerabilityReport(image.Digest, previousBuild));
        var current = reports.Get(image.Digest, cancellationToken);
        var diff = previousJson is null ? null : VulnerabilityDiff.Between(Read(previousJson), current);
        if (diff is { IsEmpty: false })
        {
            Raise(image, fullTag, diff);
        }

        SaveBaseline(account, fullTag, image.Digest, build, current);
        var found = counts.Save(image.Digest, build, current);
        store.AddRecheckPoint(new RecheckPoint(account, fullTag, image.Digest, build, found.ToJson(), timeProvider.GetUtcNow()));
        return diff switch
        {
            null => TagCheck.Baseline,
            { IsEmpty: true } => TagCheck.Unchanged,
            _ => TagCheck.Updated,
        };
    }

    private void Raise(ImageRecord image, string fullTag, VulnerabilityDiff diff)
    {
        var hints = diff.Added.Count > 0 ? new RemediationHints(documents.LoadSbom(image.Digest)) : null;
        var added = diff.Added.Select(item =>
        {
            var entry = VulnerabilityDiff.Item(item);
            entry["Remediation"] = hints!.For(item);
            return (JsonNode)entry;
        });
        var payload = new JsonObject
        {
            ["subscription_type"] = Subscriptions.VulnUpdate,
            ["imageDigest"] = image.Digest,
            ["diff_vulnerability_result"] = new JsonObject
            {
                ["added"] = new JsonArray([.. added]),
                ["removed"] = new JsonArray([.. diff.Removed.Select(i => (JsonNode)VulnerabilityDiff.Item(i))]),
                ["updated"] = new JsonArray([.. diff.Updated.Select(i => (JsonNode)VulnerabilityDiff.Item(i))]),
            },
        };
        if (image.AnnotationsJson is { } annotations)
        {
            payload["annotations"] = JsonNode.Parse(annotations);
        }

        store.AddEvent(events.TagCheckUpdated(image.Account, EventFactory.VulnerabilitiesUpdated, fullTag, "Vulnerability update detected for image tag", payload));
        notifier.Notify(image.Account, Subscriptions.VulnUpdate, fullTag, payload);
    }

    private void SaveBaseline(string account, string fullTag, string digest, string build, IReadOnlyList<VulnerabilityItem> report) =>
        store.SaveRecheckBaseline(new RecheckBaseline(account, fullTag, digest, build,
            JsonSerializer.Serialize(report.ToList(), ApiJsonContext.Default.ListVulnerabilityItem), timeProvider.GetUtcNow()));

    private static List<VulnerabilityItem> Read(string json) => JsonSerializer.Deserialize(json, ApiJsonContext.Default.ListVulnerabilityItem) ?? [];

    /// <summary>One tag that cannot be checked (its documents gone, a bad policy) is logged and does not stop the others.</summary>
    private T Safely<T>(SubscriptionRecord subscription, T failed, Func<T> check)
    {
        try
        {
            return check();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            logger.LogError("re-check of {Type} {Tag} failed: {Reason}", subscription.Type, subscription.Key, ex.Message);
            return failed;
        }
    }
}
