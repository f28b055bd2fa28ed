using Gantry.Vulnerabilities.Store;

namespace Gantry.Vulnerabilities.Import;

/// <summary>Imports a local file, folder or archive as one named source of a <see cref="DatabaseBuild"/>.</summary>
public static class FeedImport
{
    public static SourceSummary Import(
        DatabaseBuild build, string sourceName, FeedFormat format, string path, string? checksum, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(build);
        var importer = FeedFormats.ImporterFor(format);
        return build.ImportSource(sourceName, FeedFormats.ToWire(format), path, checksum,
            sink => importer.Import(path, sink, cancellationToken));
    }

    /// <summary>
    /// The SHA-256 of a local file, or of a folder's files and their relative paths (as for a downloaded feed); null when
    /// the path cannot be read, which the import that follows reports with the path's name.
    /// </summary>
    public static string? ChecksumOf(string path)
    {
        try
        {
            return Directory.Exists(path) ? Update.FeedFetcher.FolderChecksum(path)
                : File.Exists(path) ? Update.FeedFetcher.FileChecksum(path)
                : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The default source name for an imported path: its file or folder name without archive extensions.</summary>
    public static string SourceNameFor(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)));
        foreach (var extension in new[] { ".gz", ".zip", ".json", ".yaml", ".yml", ".csv" })
        {
            if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                name = name[..^extension.Length];
            }
        }

        return name;
    }
}
