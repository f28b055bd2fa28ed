using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gantry.Core.Http;
using Gantry.Vulnerabilities.Import;
using Polly.Timeout;

namespace Gantry.Vulnerabilities.Update;

/// <summary>Bytes received so far for one source, for a progress bar.</summary>
public sealed record FetchProgress(string Source, long Bytes, long? Total);

/// <summary>A source's data on local disk, ready to import, with the checksum of what it holds.</summary>
public sealed record FetchedFeed(string Path, string Checksum);

/// <summary>A source could not be fetched; the message says which location failed and why, in one line.</summary>
public sealed class FeedFetchException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>What the cache remembers about one downloaded location, for conditional requests.</summary>
internal sealed record CachedFeed(string Url, string File, string Sha256, string? ETag = null, string? LastModified = null);

/// <summary>
/// Fetches a source into the feed cache beside the database. HTTP locations are requested conditionally
/// (If-None-Match / If-Modified-Since) and written to a temp file that replaces the cached copy only once complete
/// and verified, so a failed download never damages what was there. Local paths are used in place. Requests go through
/// the shared <see cref="HttpRetryPipeline"/> (a 503 or a reset connection is tried again); <c>timeout</c> bounds each
/// download, its retries included.
/// </summary>
public sealed class FeedFetcher(HttpClient http, string cacheFolder, TimeSpan timeout, HttpRetryOptions? retry = null, TimeProvider? clock = null)
{
    private const int NvdPageSize = 2000;

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly HttpRetryPipeline _retry = new((retry ?? HttpRetryOptions.Default) with { TotalBudget = timeout }, clock ?? TimeProvider.System);

    public async Task<FetchedFeed> FetchAsync(FeedSource source, IProgress<FetchProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Urls.All(u => !IsHttp(u)))
        {
            return FetchLocal(source);
        }

        if (source.Urls.Any(u => !IsHttp(u)))
        {
            throw new FeedFetchException($"source {source.Name}: mixes URLs and local paths; use one kind per source");
        }

        var folder = Path.Combine(cacheFolder, source.Name);
        Directory.CreateDirectory(folder);
        var counter = new ByteCounter(source.Name, progress);
        if (source.FeedFormat == FeedFormat.Nvd && !source.Urls[0].EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            await FetchNvdPagesAsync(source, folder, counter, cancellationToken).ConfigureAwait(false);
            return new FetchedFeed(folder, FolderChecksum(folder));
        }

        var cache = ReadCache(source.Name);
        var entries = new List<CachedFeed>();
        foreach (var url in source.Urls)
        {
            var file = FileNameFor(url, source.Urls.Count > 1);
            var previous = cache.FirstOrDefault(c => c.Url == url && c.File == file && File.Exists(Path.Combine(folder, file)));
            entries.Add(await DownloadAsync(url, Path.Combine(folder, file), previous, counter, cancellationToken).ConfigureAwait(false));
        }

        if (source.Urls.Count == 1)
        {
            await VerifyChecksumAsync(source, entries[0].Sha256, cancellationToken).ConfigureAwait(false);
        }

        RemoveStaleFiles(folder, entries);
        WriteCache(source.Name, entries);
        return source.Urls.Count == 1
            ? new FetchedFeed(Path.Combine(folder, entries[0].File), entries[0].Sha256)
            : new FetchedFeed(folder, Combine(entries.Select(e => (e.File, e.Sha256))));
    }

    private static bool IsHttp(string location) =>
        location.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || location.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private FetchedFeed FetchLocal(FeedSource source)
    {
        if (source.Urls.Count != 1)
        {
            throw new FeedFetchException($"source {source.Name}: give one local path (a file or a folder), not {source.Urls.Count}");
        }

        var path = source.Urls[0].StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? new Uri(source.Urls[0]).LocalPath : source.Urls[0];
        if (Directory.Exists(path))
        {
            return new FetchedFeed(path, FolderChecksum(path));
        }

        if (!File.Exists(path))
        {
            throw new FeedFetchException($"source {source.Name}: {path} does not exist");
        }

        var checksum = FileChecksum(path);
        VerifyChecksumAsync(source, checksum, CancellationToken.None).GetAwaiter().GetResult();
        return new FetchedFeed(path, checksum);
    }

    private async Task<CachedFeed> DownloadAsync(string url, string target, CachedFeed? previous, ByteCounter counter, CancellationToken cancellationToken)
    {
        HttpRequestMessage ConditionalGet()
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (previous?.ETag is { } etag)
            {
                request.Headers.TryAddWithoutValidation("If-None-Match", etag);
            }

            if (previous?.LastModified is { } lastModified)
            {
                request.Headers.TryAddWithoutValidation("If-Modified-Since", lastModified);
            }

            return request;
        }

        var partial = target + ".download";
        try
        {
            // The download's deadline runs on the same clock as the retries' waits.
            using var deadline = new CancellationTokenSource(timeout, _clock);
            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            using var response = await SendAsync(url, ConditionalGet, timeoutSource.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotModified && previous is not null)
            {
                return previous;
            }

            var expectedLength = response.Content.Headers.ContentLength;
            counter.Expect(expectedLength);
            string sha256;
            long length;
            using (var body = await response.Content.ReadAsStreamAsync(timeoutSource.Token).ConfigureAwait(false))
            using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                (sha256, length) = await CopyHashingAsync(body, file, counter, timeoutSource.Token).ConfigureAwait(false);
            }

            if (expectedLength is { } expected && expected != length)
            {
                throw new FeedFetchException($"{url}: truncated download, got {length} of {expected} bytes");
            }

            File.Move(partial, target, overwrite: true);
            return new CachedFeed(url, Path.GetFileName(target), sha256, response.Headers.ETag?.ToString(),
                response.Content.Headers.LastModified?.ToString("R", CultureInfo.InvariantCulture));
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(url, ex);
        }
        catch (IOException ex)
        {
            throw new FeedFetchException($"{url}: download interrupted: {ex.Message}", ex);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>
    /// A GET through the retry pipeline, answered with a success or a 304; anything else is a <see cref="FeedFetchException"/>
    /// that says how often it was tried when the failure was one worth retrying.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(string url, Func<HttpRequestMessage> build, CancellationToken cancellationToken)
    {
        var attempts = $"{_retry.Options.MaxRetries + 1} attempts";
        HttpResponseMessage response;
        try
        {
            response = await _retry.SendAsync(http, build, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
        {
            throw TimedOut(url, ex);
        }
        catch (HttpRequestException ex)
        {
            var hint = ex.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError ? " (no network?)" : string.Empty;
            throw new FeedFetchException($"{url}: cannot download{hint}: {ex.Message.TrimEnd('.')} ({attempts})", ex);
        }

        if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotModified)
        {
            return response;
        }

        using (response)
        {
            var tried = HttpRetryPipeline.IsTransient(response.StatusCode) ? $" ({attempts})" : string.Empty;
            throw new FeedFetchException($"{url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}{tried}");
        }
    }

    private FeedFetchException TimedOut(string url, Exception ex) =>
        new($"{url}: no complete answer within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", ex);

    /// <summary>Follows the NVD CVE API's startIndex/totalResults paging, one file per page.</summary>
    private async Task FetchNvdPagesAsync(FeedSource source, string folder, ByteCounter counter, CancellationToken cancellationToken)
    {
        var pages = folder + ".pages";
        if (Directory.Exists(pages))
        {
            Directory.Delete(pages, recursive: true);
        }

        Directory.CreateDirectory(pages);
        var baseUrl = source.Urls[0];
        var separator = baseUrl.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        for (long start = 0, total = 1, page = 0; start < total; page++)
        {
            var url = $"{baseUrl}{separator}resultsPerPage={NvdPageSize}&startIndex={start}";
            var file = Path.Combine(pages, $"page-{page:D5}.json");
            await DownloadAsync(url, file, null, counter, cancellationToken).ConfigureAwait(false);
            using var stream = File.OpenRead(file);
            var node = await JsonNode.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            total = node?["totalResults"]?.GetValue<long>() ?? throw new FeedFetchException($"{url}: not an NVD CVE API page (no totalResults)");
            var perPage = node["resultsPerPage"]?.GetValue<long>() ?? 0;
            if (perPage <= 0 && start < total)
            {
                throw new FeedFetchException($"{url}: NVD page has no results before the end ({start} of {total})");
            }

            start += perPage;
        }

        Directory.Delete(folder, recursive: true);
        Directory.Move(pages, folder);
    }

    private async Task VerifyChecksumAsync(FeedSource source, string actual, CancellationToken cancellationToken)
    {
        var expected = source.Sha256;
        if (source.ChecksumUrl is { } checksumUrl)
        {
            var text = IsHttp(checksumUrl)
                ? await GetTextAsync(checksumUrl, cancellationToken).ConfigureAwait(false)
                : await File.ReadAllTextAsync(checksumUrl, cancellationToken).ConfigureAwait(false);
            expected = text.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        }

        if (expected is not null && !string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
        {
            throw new FeedFetchException($"source {source.Name}: sha256 mismatch, expected {expected} but got {actual}");
        }
    }

    private async Task<string> GetTextAsync(string url, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(url, () => new HttpRequestMessage(HttpMethod.Get, url), cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }

    private List<CachedFeed> ReadCache(string source)
    {
        var path = Path.Combine(cacheFolder, source + ".json");
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllText(path), SourcesJson.Default.ListCachedFeed) ?? [] : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private void WriteCache(string source, List<CachedFeed> entries) =>
        File.WriteAllText(Path.Combine(cacheFolder, source + ".json"), JsonSerializer.Serialize(entries, SourcesJson.Default.ListCachedFeed));

    private static void RemoveStaleFiles(string folder, List<CachedFeed> entries)
    {
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            if (!entries.Exists(e => e.File == Path.GetFileName(file)))
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>The cache file name of a URL; with several URLs per source the parent segment keeps them apart (v3.20-main.json).</summary>
    private static string FileNameFor(string url, bool qualify)
    {
        var segments = new Uri(url).Segments.Select(s => s.Trim('/')).Where(s => s.Length > 0).ToList();
        var name = segments.Count == 0 ? "index" : qualify && segments.Count > 1 ? $"{segments[^2]}-{segments[^1]}" : segments[^1];
        return string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));
    }

    private static async Task<(string Sha256, long Length)> CopyHashingAsync(Stream source, Stream target, ByteCounter counter, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        long length = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            length += read;
            counter.Add(read);
        }

        return (Convert.ToHexStringLower(hash.GetHashAndReset()), length);
    }

    internal static string FileChecksum(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>A checksum of a folder's content: its files' relative paths and SHA-256s, in ordinal order.</summary>
    internal static string FolderChecksum(string folder) =>
        Combine(FeedFiles.Walk(folder).Select(f => (Path.GetRelativePath(folder, f), FileChecksum(f))));

    private static string Combine(IEnumerable<(string Name, string Sha256)> files)
    {
        var text = new StringBuilder();
        foreach (var (name, sha256) in files)
        {
            text.Append(sha256).Append("  ").Append(name).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private sealed class ByteCounter(string source, IProgress<FetchProgress>? progress)
    {
        private long _bytes;
        private long? _total;

        public void Expect(long? length) => _total = length is null ? null : (_total ?? 0) + length;

        public void Add(int count)
        {
            _bytes += count;
            progress?.Report(new FetchProgress(source, _bytes, _total));
        }
    }
}
