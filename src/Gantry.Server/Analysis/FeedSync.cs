using Gantry.Core;
using Gantry.Engine;
using Gantry.Server.Accounts;
using Gantry.Server.Api;
using Gantry.Server.Configuration;
using Gantry.Server.Events;
using Gantry.Server.Monitoring;
using Gantry.Server.Storage;

namespace Gantry.Server.Analysis;

/// <summary>
/// The feed sync: Gantry's feeds are one database file. With a sources file configured, a sync first runs
/// <c>db update</c> from it; either way it then picks up a replaced file (its own update, or one by <c>gantry db
/// update|import</c> elsewhere). A switch of build re-checks the subscribed tags at once, without re-analysis, and is
/// recorded as an event, by the process that leads the watchers (API processes keep their own file current for their
/// answers).
/// </summary>
public sealed class FeedSync(VulnerabilityDatabase database, IStateStore store, EventFactory events, Rechecker rechecker, LeaderElection leader,
    GantryEngine engine, ServerConfig config, TimeProvider time, ILogger<FeedSync> logger)
{
    public const string FeedName = "vulnerabilities";

    /// <summary>Bounds each feed download of an update.</summary>
    private static readonly TimeSpan DownloadTimeout = TimeSpan.FromMinutes(10);

    public async Task<List<FeedSyncResult>> SyncAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        if (config.FeedSourcesFile is { } sources)
        {
            await UpdateAsync(sources, cancellationToken).ConfigureAwait(false);
        }

        var change = database.Refresh();
        var current = database.Current;
        if (change is not null && current is not null)
        {
            logger.LogInformation("feed sync: switched to vulnerability database build {Build}", current.BuildId);
            if (leader.IsLeader)
            {
                store.AddEvent(events.FeedSynced(AccountService.AdminAccount, current.BuildId));
                rechecker.Run(change, cancellationToken);
            }
        }

        var seconds = time.GetElapsedTime(started).TotalSeconds;
        var groups = current?.Sources.Select(s => new FeedGroupSyncResult(s.Name, "success", change is null ? 0 : s.Records, seconds, 0)).ToList() ?? [];
        return [new FeedSyncResult(FeedName, current is null ? "failure" : "success", seconds, groups)];
    }

    /// <summary>A failed source keeps its old data (the engine's update), so a failure is an event and the sync goes on with the file there is.</summary>
    private async Task UpdateAsync(string sources, CancellationToken cancellationToken)
    {
        try
        {
            var update = await engine.Database.UpdateAsync(sources, config.DatabasePath, DownloadTimeout, null, cancellationToken).ConfigureAwait(false);
            foreach (var failed in update.Sources.Where(s => s.Kind == Engine.Operations.SourceOutcomeKind.Failed))
            {
                Failed($"{failed.Source}: {failed.Message}");
            }
        }
        catch (Exception ex) when (ex is GantryException or IOException or HttpRequestException)
        {
            Failed(ex.Message);
        }
    }

    private void Failed(string reason)
    {
        logger.LogWarning("feed sync: update failed: {Reason}", reason);
        store.AddEvent(events.FeedSyncFailedFor(AccountService.AdminAccount, reason));
    }
}
