using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text.Json;
using Gantry.Core;
using Gantry.Vulnerabilities.Store;
using Microsoft.Data.Sqlite;
using ZstdSharp;

namespace Gantry.Vulnerabilities.Update;

/// <summary>The <c>latest.json</c> written beside a database archive: where it is, its SHA-256, when it was built, its schema.</summary>
public sealed record LatestDocument(string Url, string Sha256, DateTimeOffset Built, int Schema);

/// <summary>
/// Portable database archives: <c>gantry db build</c> packs the database as a zstd-compressed tar plus a
/// <c>latest.json</c>; <c>gantry db update --from</c> installs one after checking its SHA-256, so a company can build
/// once and serve the files from an internal mirror or carry them into an air-gapped network.
/// </summary>
public static class DatabaseArchive
{
    public const string LatestFileName = "latest.json";
    private const string EntryName = DatabasePaths.FileName;

    /// <summary>
    /// Writes the archive and <c>latest.json</c> beside it; <paramref name="url"/> defaults to the archive's file name.
    /// A database never built is stamped with the time of <paramref name="clock"/> (default: the system clock).
    /// </summary>
    public static LatestDocument Build(string databasePath, string archivePath, string? url, TimeProvider? clock = null)
    {
        var metadata = VulnerabilityDatabase.VerifyFile(databasePath);
        archivePath = Path.GetFullPath(archivePath);
        Directory.CreateDirectory(Path.GetDirectoryName(archivePath)!);
        var snapshot = archivePath + ".snapshot.db";
        File.Delete(snapshot);
        try
        {
            // A compacted, self-contained copy: the live file may have a journal beside it.
            using (var connection = VulnerabilityDatabase.OpenReadOnly(databasePath))
            {
                Sql.Execute(connection, "VACUUM INTO $target", null, ("$target", snapshot));
            }

            using (var output = File.Create(archivePath))
            using (var zstd = new CompressionStream(output, level: 19))
            using (var tar = new TarWriter(zstd, TarEntryFormat.Pax))
            {
                tar.WriteEntry(snapshot, EntryName);
            }
        }
        finally
        {
            File.Delete(snapshot);
        }

        var latest = new LatestDocument(
            url ?? Path.GetFileName(archivePath),
            FeedFetcher.FileChecksum(archivePath),
            metadata.Built ?? (clock ?? TimeProvider.System).GetUtcNow(),
            metadata.SchemaVersion);
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(archivePath)!, LatestFileName), JsonSerializer.Serialize(latest, SourcesJson.Default.LatestDocument));
        return latest;
    }

    /// <summary>
    /// Installs from a <c>latest.json</c> (URL or path; its archive URL may be relative to it) or straight from an
    /// archive. The archive's SHA-256 must match <c>latest.json</c>; the unpacked file is verified before it replaces the live one.
    /// </summary>
    public static async Task<DatabaseMetadata> InstallAsync(string from, string databasePath, HttpClient http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(from);
        var download = $"{Path.GetFullPath(databasePath)}.{Environment.ProcessId}.download";
        try
        {
            string archive = from;
            string? expected = null;
            if (from.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                var latest = JsonSerializer.Deserialize(await ReadTextAsync(from, http, cancellationToken).ConfigureAwait(false), SourcesJson.Default.LatestDocument)
                    ?? throw new InvalidInputException($"{from}: empty latest.json");
                if (latest.Schema != VulnerabilityDatabase.SchemaVersion)
                {
                    throw new InvalidInputException($"{from}: the archive has schema {latest.Schema}, this gantry reads schema {VulnerabilityDatabase.SchemaVersion}");
                }

                archive = Resolve(from, latest.Url);
                expected = latest.Sha256;
            }

            await CopyAsync(archive, download, http, cancellationToken).ConfigureAwait(false);
            var actual = FeedFetcher.FileChecksum(download);
            if (expected is not null && !string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidInputException($"{archive}: sha256 mismatch, expected {expected} but got {actual}; archive refused, database unchanged");
            }

            return DatabaseBuild.Install(databasePath, temp => Extract(download, archive, temp));
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException($"{from}: not a valid latest.json: {ex.Message}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new EnvironmentException($"{from}: cannot download: {ex.Message}", ex);
        }
        finally
        {
            File.Delete(download);
        }
    }

    private static void Extract(string archivePath, string name, string target)
    {
        try
        {
            using var input = File.OpenRead(archivePath);
            using var zstd = new DecompressionStream(input);
            using var tar = new TarReader(zstd);
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.Name == EntryName && entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                {
                    entry.ExtractToFile(target, overwrite: true);
                    return;
                }
            }

            throw new InvalidInputException($"{name}: the archive holds no {EntryName}");
        }
        catch (Exception ex) when (ex is InvalidDataException or ZstdException or EndOfStreamException or FormatException)
        {
            throw new InvalidInputException($"{name}: not a readable database archive: {ex.Message}", ex);
        }
        catch (SqliteException ex)
        {
            throw new InvalidInputException($"{name}: the archive's database is corrupt: {ex.Message}", ex);
        }
    }

    private static string Resolve(string latestLocation, string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" or "file" ? url
        : IsHttp(latestLocation) ? new Uri(new Uri(latestLocation), url).ToString()
        : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(latestLocation))!, url);

    private static bool IsHttp(string location) =>
        location.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || location.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private static async Task<string> ReadTextAsync(string location, HttpClient http, CancellationToken cancellationToken)
    {
        if (IsHttp(location))
        {
            return await http.GetStringAsync(new Uri(location), cancellationToken).ConfigureAwait(false);
        }

        return File.Exists(location)
            ? await File.ReadAllTextAsync(location, cancellationToken).ConfigureAwait(false)
            : throw new InvalidInputException($"{location}: no such file");
    }

    private static async Task CopyAsync(string location, string target, HttpClient http, CancellationToken cancellationToken)
    {
        using var output = File.Create(target);
        if (IsHttp(location))
        {
            using var response = await http.GetAsync(new Uri(location), HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new EnvironmentException($"{location}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            await response.Content.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
            if (response.Content.Headers.ContentLength is { } length && length != output.Length)
            {
                throw new EnvironmentException($"{location}: truncated download, got {output.Length} of {length} bytes");
            }

            return;
        }

        var path = location.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? new Uri(location).LocalPath : location;
        if (!File.Exists(path))
        {
            throw new InvalidInputException($"{location}: no such file");
        }

        using var input = File.OpenRead(path);
        await input.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
    }
}
