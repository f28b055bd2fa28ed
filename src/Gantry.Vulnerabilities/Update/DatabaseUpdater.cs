using Gantry.Core;
using Gantry.Vulnerabilities.Import;
using Gantry.Vulnerabilities.Store;

namespace Gantry.Vulnerabilities.Update;

public enum SourceUpdateStatus
{
    Updated,
    Unchanged,
    Failed,
}

/// <summary>The outcome for one source of an update; on failure the message says why and the old data stays.</summary>
public sealed record SourceUpdate(string Source, SourceUpdateStatus Status, string Message, SourceSummary? Summary = null);

/// <summary>
/// <c>gantry db update</c>: fetches every source, re-imports those whose content changed into a build beside the
/// live database, and swaps it in. A source that fails keeps its previous data; nothing is swapped in when no
/// source changed.
/// </summary>
public static class DatabaseUpdater
{
    public static async Task<IReadOnlyList<SourceUpdate>> UpdateAsync(
        string databasePath, SourcesFile sources, FeedFetcher fetcher, IProgress<FetchProgress>? progress, CancellationToken cancellationToken,
        TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(fetcher);
        using var build = DatabaseBuild.Begin(databasePath, clock: clock);
        var existing = build.Sources.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var results = new List<SourceUpdate>();
        foreach (var source in sources.Sources)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(await UpdateSourceAsync(build, source, existing.GetValueOrDefault(source.Name), fetcher, progress, cancellationToken).ConfigureAwait(false));
        }

        if (results.Exists(r => r.Status == SourceUpdateStatus.Updated))
        {
            build.Commit();
        }

        return results;
    }

    private static async Task<SourceUpdate> UpdateSourceAsync(
        DatabaseBuild build, FeedSource source, SourceSummary? previous, FeedFetcher fetcher, IProgress<FetchProgress>? progress, CancellationToken cancellationToken)
    {
        FetchedFeed fetched;
        try
        {
            fetched = await fetcher.FetchAsync(source, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (FeedFetchException ex)
        {
            return new SourceUpdate(source.Name, SourceUpdateStatus.Failed, Kept(ex.Message, previous), previous);
        }

        if (previous is not null && previous.Checksum == fetched.Checksum)
        {
            return new SourceUpdate(source.Name, SourceUpdateStatus.Unchanged, "unchanged", previous);
        }

        try
        {
            var summary = FeedImport.Import(build, source.Name, source.FeedFormat, fetched.Path, fetched.Checksum, cancellationToken);
            return new SourceUpdate(source.Name, SourceUpdateStatus.Updated, "updated", summary);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException || FileErrors.IsBadInput(ex))
        {
            return new SourceUpdate(source.Name, SourceUpdateStatus.Failed, Kept($"{fetched.Path}: cannot import: {ex.Message}", previous), previous);
        }
    }

    private static string Kept(string reason, SourceSummary? previous) =>
        previous is null ? $"{reason}; no data for this source yet" : $"{reason}; keeping the data from {previous.Updated:yyyy-MM-dd HH:mm}Z";
}
