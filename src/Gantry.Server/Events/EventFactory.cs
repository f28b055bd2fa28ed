using System.Text.Json;
using System.Text.Json.Nodes;
using Gantry.Server.Storage;

namespace Gantry.Server.Events;

/// <summary>The events the service emits (SERVICE.md §3), with the engine's type strings and resource types.</summary>
public sealed class EventFactory(TimeProvider timeProvider)
{
    public const string AnalysisCompleted = "user.image.analysis.completed";
    public const string AnalysisFailed = "user.image.analysis.failed";
    public const string RegistryLookupFailed = "system.image_analysis.registry_lookup_failed";
    public const string PolicyActiveUpdated = "user.policy.active.updated";
    public const string FeedSyncCompleted = "system.feeds.sync.completed";
    public const string FeedSyncFailed = "system.feeds.sync.failed";
    public const string VulnerabilitiesUpdated = "user.checks.tag.vulnerabilities.update";
    public const string PolicyEvaluationUpdated = "user.checks.tag.policy_evaluation.update";
    public const string ListTagsFailed = "system.repository.list_tags_fail";

    /// <summary>Gantry's own: the tag watcher found a tag on a new digest (the engine queues tag_update without an event).</summary>
    public const string TagDigestUpdated = "user.checks.tag.digest.update";

    /// <summary>Gantry's own: a notification that could not be delivered before its retry time ran out.</summary>
    public const string NotificationFailed = "system.notifications.delivery.failed";

    public EventRecord AnalysisCompletedFor(ImageRecord image) =>
        ForImage(image, AnalysisCompleted, "info", "Image analysis completed", new Dictionary<string, string?> { ["imageDigest"] = image.Digest });

    public EventRecord AnalysisFailedFor(ImageRecord image, string reason) =>
        ForImage(image, AnalysisFailed, "error", "Image analysis failed", new Dictionary<string, string?> { ["imageDigest"] = image.Digest, ["msg"] = reason });

    public EventRecord RegistryLookupFailedFor(string account, string pullString, string reason) =>
        Create(account, RegistryLookupFailed, "error", "Failed to lookup image in the registry", "image_reference", pullString,
            new Dictionary<string, string?> { ["msg"] = reason });

    public EventRecord PolicyActivated(string account, string policyId) =>
        Create(account, PolicyActiveUpdated, "info", "Active policy bundle updated", "policy_bundle", policyId, new Dictionary<string, string?>());

    public EventRecord FeedSynced(string account, string buildId) =>
        Create(account, FeedSyncCompleted, "info", "Feed sync completed", "feeds", "vulnerabilities", new Dictionary<string, string?> { ["build"] = buildId });

    public EventRecord FeedSyncFailedFor(string account, string reason) =>
        Create(account, FeedSyncFailed, "error", "Feed sync failed", "feeds", "vulnerabilities", new Dictionary<string, string?> { ["msg"] = reason });

    public EventRecord ListTagsFailedFor(string account, string repository, string reason) =>
        Create(account, ListTagsFailed, "error", "Failed to list the tags of a watched repository", "repository", repository,
            new Dictionary<string, string?> { ["msg"] = reason });

    /// <summary>A tag-level check's event; its details are the notification payload (SERVICE.md §3).</summary>
    public EventRecord TagCheckUpdated(string account, string type, string fullTag, string message, JsonObject payload) =>
        new(Guid.NewGuid().ToString("N"), account, type, "info", message, payload.ToJsonString(), "image_tag", fullTag, timeProvider.GetUtcNow());

    public EventRecord NotificationFailedFor(NotificationRecord notification, string reason) =>
        Create(notification.Account, NotificationFailed, "error", "Notification delivery failed", "notification", notification.NotificationId,
            new Dictionary<string, string?>
            {
                ["notification_type"] = notification.Type,
                ["attempts"] = notification.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["msg"] = reason,
            });

    private EventRecord ForImage(ImageRecord image, string type, string level, string message, Dictionary<string, string?> details) =>
        Create(image.Account, type, level, message, "image_tag", image.Tags.Count > 0 ? image.Tags[^1].FullTag : image.Digest, details);

    private EventRecord Create(string account, string type, string level, string message, string resourceType, string resourceId,
        Dictionary<string, string?> details) =>
        new(Guid.NewGuid().ToString("N"), account, type, level, message, JsonSerializer.Serialize(details, EventJsonContext.Default.DictionaryStringString),
            resourceType, resourceId, timeProvider.GetUtcNow());
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string?>))]
internal sealed partial class EventJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
