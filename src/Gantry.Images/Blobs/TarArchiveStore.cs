using System.Formats.Tar;
using Gantry.Core;

namespace Gantry.Images.Blobs;

/// <summary>
/// A tar file (docker-archive or oci-archive) indexed once: each regular entry's name maps to the
/// offset and length of its data, so blobs are read in place without extracting anything.
/// </summary>
internal sealed class TarArchiveStore : IBlobStore
{
    private readonly string _path;
    private readonly Dictionary<string, (long Offset, long Length)> _entries;

    private TarArchiveStore(string path, string displayName, Dictionary<string, (long, long)> entries)
    {
        _path = path;
        DisplayName = displayName;
        _entries = entries;
    }

    public string DisplayName { get; }

    public IReadOnlyCollection<string> Names => _entries.Keys;

    public static TarArchiveStore Open(string path, string displayName)
    {
        if (!File.Exists(path))
        {
            throw new InvalidInputException($"{displayName}: file not found");
        }

        var entries = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess);
            var fileLength = stream.Length;
            using var reader = new TarReader(stream, leaveOpen: true);
            while (reader.GetNextEntry(copyData: false) is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile))
                {
                    continue;
                }

                var offset = entry.DataOffset;
                if (offset < 0 || offset + entry.Length > fileLength)
                {
                    throw new InvalidInputException($"{displayName}: archive is truncated (entry '{entry.Name}' ends past the end of the file)");
                }

                entries[Normalize(entry.Name)] = (offset, entry.Length);
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or FormatException or ArgumentException)
        {
            throw new InvalidInputException($"{displayName}: not a readable tar archive ({ex.Message.TrimEnd('.')})", ex);
        }

        if (entries.Count == 0)
        {
            throw new InvalidInputException($"{displayName}: not an image archive (no files in it)");
        }

        return new TarArchiveStore(path, displayName, entries);
    }

    public bool Exists(string path) => _entries.ContainsKey(Normalize(path));

    public long GetLength(string path) => _entries.TryGetValue(Normalize(path), out var e) ? e.Length : -1;

    public Stream Open(string path)
    {
        if (!_entries.TryGetValue(Normalize(path), out var entry))
        {
            throw new InvalidInputException($"{DisplayName}: the archive has no file '{path}'");
        }

        var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 65536, FileOptions.SequentialScan);
        return new SubStream(file, entry.Offset, entry.Length);
    }

    public void Dispose()
    {
    }

    private static string Normalize(string name)
    {
        var trimmed = name.Replace('\\', '/');
        while (trimmed.StartsWith("./", StringComparison.Ordinal))
        {
            trimmed = trimmed[2..];
        }

        return trimmed.TrimStart('/');
    }
}
