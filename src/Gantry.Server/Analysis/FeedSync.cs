using Gantry.Server.Accounts;
using Gantry.Server.Api;
using Gantry.Server.Events;
using Gantry.Server.Storage;

namespace Gantry.Server.Analysis;

/// <summary>
/// The feed sync: Gantry's feeds are one database file, updated by <c>gantry db update|import</c>, so a sync is
/// picking up a replaced file. Stored reports are keyed by build, so the next read after a switch re-matches.
/// </summary>
public sealed class FeedSync(VulnerabilityDatabase database, IStateStore store, EventFactory events, TimeProvider time, ILogger<FeedSync> logger)
{
    public const string FeedName = "vulnerabilities";

    public List<FeedSyncResult> Sync()
    {
        var started = time.GetTimestamp();
        var changed = database.Refresh();
        var current = database.Current;
        if (changed && current is not null)
        {
            logger.LogInformation("feed sync: switched to vulnerability database build {Build}", current.BuildId);
            store.AddEvent(events.FeedSynced(AccountService.AdminAccount, current.BuildId));
        }

        var seconds = time.GetElapsedTime(started).TotalSeconds;
        var groups = current?.Sources.Select(s => new FeedGroupSyncResult(s.Name, "success", changed ? s.Records : 0, seconds, 0)).ToList() ?? [];
        return [new FeedSyncResult(FeedName, current is null ? "failure" : "success", seconds, groups)];
    }
}
