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
