using System.Text.Json.Nodes;
using Gantry.Core;
using Gantry.Engine;
using Gantry.Server.Api;
using Gantry.Server.Configuration;
using Gantry.Server.Events;
using Gantry.Server.Images;
using Gantry.Server.Storage;

namespace Gantry.Server.Monitoring;

/// <summary>
/// The engine's repo_watcher: for each active <c>repo_update</c>, lists the repository's tags and adds each tag not
/// yet in the subscription's <c>repotags</c> (queued for analysis, its tag subscriptions made, <c>tag_update</c>
/// active when the value says <c>autosubscribe</c>), then saves <c>repotags</c> and <c>tagcount</c>. Like the engine,
/// it sends no webhook of its own; a tag that cannot be added is left out of <c>repotags</c> and tried next cycle.
/// </summary>
public sealed class RepoWatcher(IStateStore store, ImageCatalog images, AccountRegistries registries, RegistryBudget budget, EventFactory events,
    GantryEngine engine, LeaderElection leader, ServerConfig config, TimeProvider timeProvider, ILogger<RepoWatcher> logger)
    : LeasedWatcher("repo_watcher", store, leader, timeProvider, logger)
{
    protected override TimeSpan Interval => config.RepoWatchInterval;

    protected override Task CycleAsync(CancellationToken cancellationToken) =>
        CheckEachAsync(Subscriptions.RepoUpdate, s => CheckAsync(s, cancellationToken), cancellationToken);

    private async Task CheckAsync(SubscriptionRecord subscription, CancellationToken cancellationToken)
    {
        var repository = AnchoreReference.Parse(subscription.Key);
        if (await ListTagsAsync(subscription, repository, cancellationToken).ConfigureAwait(false) is not { } tags)
        {
            return;
        }

        var value = subscription.Value is { } json ? JsonNode.Parse(json)?.AsObject() ?? [] : [];
        var autosubscribe = value["autosubscribe"]?.GetValue<bool>() == true;
        var known = (value["repotags"]?.AsArray() ?? []).OfType<JsonNode>().Select(t => t.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        foreach (var tag in tags.Where(t => !known.Contains(t)))
        {
            if (!budget.TryTake(repository.Registry))
            {
                Logger.LogInformation("repo watcher: request budget for {Registry} spent, the other new tags wait for the next cycle", repository.Registry);
                break;
            }

            try
            {
                await images.AddAsync(subscription.Account, new ImageAddition(repository with { Tag = tag }, null, null, autosubscribe, Force: false), cancellationToken)
                    .ConfigureAwait(false);
                known.Add(tag);
                Logger.LogInformation("repo watcher: added {Registry}/{Repo}:{Tag} for account {Account}", repository.Registry, repository.Repo, tag, subscription.Account);
            }
            catch (ApiException ex)
            {
                Logger.LogInformation("repo watcher: {Registry}/{Repo}:{Tag} not added: {Reason}", repository.Registry, repository.Repo, tag, ex.Message);
            }
        }

        value["repotags"] = new JsonArray([.. known.Order(StringComparer.Ordinal).Select(t => (JsonNode?)t)]);
        value["tagcount"] = tags.Count;
        // Re-read: the account may have changed the subscription (deactivated it) while the tags were added.
        if (Store.GetSubscription(subscription.Account, subscription.Id) is { } current)
        {
            Store.UpdateSubscription(current with { Value = value.ToJsonString(), LastUpdated = Clock.GetUtcNow() });
        }
    }

    /// <summary>The repository's tags, or null when they cannot be listed (recorded as the engine's list_tags_fail event).</summary>
    private async Task<IReadOnlyList<string>?> ListTagsAsync(SubscriptionRecord subscription, AnchoreReference repository, CancellationToken cancellationToken)
    {
        if (!budget.TryTake(repository.Registry))
        {
            Logger.LogInformation("repo watcher: request budget for {Registry} spent, {Repository} waits for the next cycle", repository.Registry, subscription.Key);
            return null;
        }

        try
        {
            return await engine.Registry.ListTagsAsync($"{repository.Registry}/{repository.Repo}", registries.For(subscription.Account, repository.Registry), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is GantryException or HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Logger.LogInformation("repo watcher: listing the tags of {Repository} failed: {Reason}", subscription.Key, ex.Message);
            Store.AddEvent(events.ListTagsFailedFor(subscription.Account, subscription.Key, ex.Message));
            return null;
        }
    }
}
