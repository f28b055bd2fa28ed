using System.Text.Json;
using System.Text.Json.Nodes;
using Gantry.Engine.Stored;
using Gantry.Server.Api;
using Gantry.Server.Configuration;
using Gantry.Server.Events;
using Gantry.Server.Images;
using Gantry.Server.Notifications;
using Gantry.Server.Storage;

namespace Gantry.Server.Monitoring;

/// <summary>
/// The engine's image_watcher: for each active <c>tag_update</c>, resolves the tag with the account's registry access;
/// a digest other than the tag's current one becomes a new image record (queued for analysis, annotations copied),
/// an event and a <c>tag_update</c> with the tag's earlier digests and the new one (SERVICE.md §2).
/// </summary>
public sealed class TagWatcher(IStateStore store, ImageCatalog images, RegistryBudget budget, Notifier notifier, EventFactory events,
    LeaderElection leader, ServerConfig config, TimeProvider timeProvider, ILogger<TagWatcher> logger)
    : LeasedWatcher("tag_watcher", store, leader, timeProvider, logger)
{
    protected override TimeSpan Interval => config.TagWatchInterval;

    protected override Task CycleAsync(CancellationToken cancellationToken) =>
        CheckEachAsync(Subscriptions.TagUpdate, s => CheckAsync(s.Account, AnchoreReference.Parse(s.Key), cancellationToken), cancellationToken);

    private async Task CheckAsync(string account, AnchoreReference tag, CancellationToken cancellationToken)
    {
        if (!budget.TryTake(tag.Registry))
        {
            Logger.LogInformation("tag watcher: request budget for {Registry} spent, {Tag} waits for the next cycle", tag.Registry, tag.FullTag);
            return;
        }

        RegistryImage lookup;
        try
        {
            lookup = await images.LookupAsync(account, tag, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException)
        {
            return; // the lookup recorded the registry failure as an event; tried again next cycle
        }

        var history = images.History(account, tag.FullTag);
        var digest = lookup.Digest.ToString();
        if (history.Count > 0 && history[^1].Digest == digest)
        {
            return;
        }

        var annotations = history.Count > 0 ? history[^1].AnnotationsJson : null;
        images.Add(account, new ImageAddition(tag, null, Read(annotations), Autosubscribe: false, Force: false), lookup);
        var payload = new JsonObject
        {
            ["last_eval"] = new JsonArray([.. history.Select(i => (JsonNode)i.Digest)]),
            ["curr_eval"] = new JsonArray(digest),
        };
        if (annotations is not null)
        {
            payload["annotations"] = JsonNode.Parse(annotations);
        }

        Logger.LogInformation("tag watcher: {Tag} of account {Account} moved to {Digest}", tag.FullTag, account, digest);
        Store.AddEvent(events.TagCheckUpdated(account, EventFactory.TagDigestUpdated, tag.FullTag, "Tag updated to a new image digest", payload));
        notifier.Notify(account, Subscriptions.TagUpdate, tag.FullTag, payload);
    }

    private static Dictionary<string, string>? Read(string? annotations) =>
        annotations is null
            ? null
            : JsonSerializer.Deserialize(annotations, EventJsonContext.Default.DictionaryStringString)?.ToDictionary(a => a.Key, a => a.Value ?? string.Empty);
}
