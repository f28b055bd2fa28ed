using System.Buffers.Binary;
using System.Text;

namespace Gantry.Cataloging.Rpm;

/// <summary>
/// Parses an rpm header blob as the rpmdb stores it (the header without its 8-byte magic): a
/// big-endian index count and data length, then 16-byte index entries (tag, type, offset, count)
/// pointing into the data store. Every offset is checked against the blob before it is read.
/// </summary>
internal static class RpmHeaderParser
{
    private const int TagName = 1000;
    private const int TagVersion = 1001;
    private const int TagRelease = 1002;
    private const int TagEpoch = 1003;
    private const int TagSize = 1009;
    private const int TagVendor = 1011;
    private const int TagLicense = 1014;
    private const int TagArch = 1022;
    private const int TagSourceRpm = 1044;
    private const int TagDirIndexes = 1116;
    private const int TagBaseNames = 1117;
    private const int TagDirNames = 1118;
    private const int TagModularityLabel = 5096;

    private const uint TypeInt32 = 4;
    private const uint TypeString = 6;
    private const uint TypeStringArray = 8;
    private const uint TypeI18nString = 9;

    private static readonly byte[] HeaderMagic = [0x8e, 0xad, 0xe8, 0x01];

    public static RpmHeader Parse(ReadOnlySpan<byte> blob)
    {
        if (blob.Length >= 8 && blob[..4].SequenceEqual(HeaderMagic))
        {
            blob = blob[8..];
        }

        if (blob.Length < 8)
        {
            throw new InvalidDataException("rpm header is shorter than its 8-byte preamble");
        }

        var indexCount = BinaryPrimitives.ReadInt32BigEndian(blob);
        var dataLength = BinaryPrimitives.ReadInt32BigEndian(blob[4..]);
        if (indexCount < 0 || dataLength < 0 || indexCount > 0x10000 || 8L + (16L * indexCount) + dataLength > blob.Length)
        {
            throw new InvalidDataException($"rpm header claims {indexCount} entries and {dataLength} data bytes, more than its {blob.Length} bytes");
        }

        var index = blob.Slice(8, 16 * indexCount);
        var data = blob.Slice(8 + (16 * indexCount), dataLength).ToArray(); // an array, so the tag readers below can use it
        var entries = new Dictionary<int, (uint Type, int Offset, int Count)>();
        for (var i = 0; i < indexCount; i++)
        {
            var e = index.Slice(16 * i, 16);
            var tag = BinaryPrimitives.ReadInt32BigEndian(e);
            var offset = BinaryPrimitives.ReadInt32BigEndian(e[8..]);
            var count = BinaryPrimitives.ReadInt32BigEndian(e[12..]);
            if (offset < 0 || offset > dataLength || count < 0)
            {
                throw new InvalidDataException($"rpm header tag {tag} points outside the data store");
            }

            entries.TryAdd(tag, (BinaryPrimitives.ReadUInt32BigEndian(e[4..]), offset, count));
        }

        string? Text(int tag) => entries.TryGetValue(tag, out var e) && e.Type is TypeString or TypeI18nString or TypeStringArray
            ? Strings(data, e.Offset, 1).FirstOrDefault()
            : null;
        IReadOnlyList<string> TextArray(int tag) => entries.TryGetValue(tag, out var e) && e.Type is TypeStringArray or TypeI18nString
            ? Strings(data, e.Offset, e.Count)
            : [];
        IReadOnlyList<int> Int32Array(int tag) => entries.TryGetValue(tag, out var e) && e.Type == TypeInt32 ? Ints(data, e.Offset, e.Count) : [];

        var name = Text(TagName) ?? throw new InvalidDataException("rpm header has no NAME tag");
        var epoch = Int32Array(TagEpoch);
        var size = Int32Array(TagSize);
        return new RpmHeader(name, Text(TagVersion) ?? string.Empty, Text(TagRelease) ?? string.Empty, epoch.Count > 0 ? epoch[0] : null,
            Text(TagArch), Text(TagSourceRpm), Text(TagLicense), Text(TagVendor), Text(TagModularityLabel), size.Count > 0 ? (uint)size[0] : null,
            Files(TextArray(TagBaseNames), TextArray(TagDirNames), Int32Array(TagDirIndexes)));
    }

    /// <summary>Paths are stored split: BASENAMES[i] lives in DIRNAMES[DIRINDEXES[i]] (which ends in '/').</summary>
    private static List<string> Files(IReadOnlyList<string> baseNames, IReadOnlyList<string> dirNames, IReadOnlyList<int> dirIndexes)
    {
        var files = new List<string>(baseNames.Count);
        for (var i = 0; i < baseNames.Count && i < dirIndexes.Count; i++)
        {
            if (dirIndexes[i] >= 0 && dirIndexes[i] < dirNames.Count)
            {
                files.Add(dirNames[dirIndexes[i]] + baseNames[i]);
            }
        }

        return files;
    }

    private static List<string> Strings(ReadOnlySpan<byte> data, int offset, int count)
    {
        var values = new List<string>(Math.Min(count, 4096));
        var at = offset;
        for (var i = 0; i < count; i++)
        {
            var end = at < data.Length ? data[at..].IndexOf((byte)0) : -1;
            if (end < 0)
            {
                throw new InvalidDataException("rpm header string runs past the data store");
            }

            values.Add(Encoding.UTF8.GetString(data.Slice(at, end)));
            at += end + 1;
        }

        return values;
    }

    private static List<int> Ints(ReadOnlySpan<byte> data, int offset, int count)
    {
        if (offset % 4 != 0 || offset + (4L * count) > data.Length)
        {
            throw new InvalidDataException("rpm header integer array runs past the data store");
        }

        var values = new List<int>(count);
        for (var i = 0; i < count; i++)
        {
            values.Add(BinaryPrimitives.ReadInt32BigEndian(data[(offset + (4 * i))..]));
        }

        return values;
    }
}
