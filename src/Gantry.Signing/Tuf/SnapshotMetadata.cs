using System.Text.Json.Nodes;

namespace Gantry.Signing.Tuf;

/// <summary>snapshot.json's body: the length and hashes of the current root, targets and delegation files.</summary>
public sealed record SnapshotMetadata(int Version, DateTimeOffset Expires, IReadOnlyDictionary<string, FileMeta> Meta)
{
    public JsonObject ToJson() => new()
    {
        ["_type"] = "Snapshot",
        ["expires"] = TufJson.FormatTime(Expires),
        ["meta"] = MetaJson(Meta),
        ["version"] = Version,
    };

    public static SnapshotMetadata Parse(JsonObject signed)
    {
        var header = RoleHeader.Parse(signed, "Snapshot", RoleNames.Snapshot);
        var meta = ParseMeta(signed, RoleNames.Snapshot);
        foreach (var required in new[] { RoleNames.Root, RoleNames.Targets })
        {
            if (meta.GetValueOrDefault(required)?.Sha256 is null)
            {
                throw new TufFormatException($"snapshot: no sha256 for {required}");
            }
        }

        return new SnapshotMetadata(header.Version, header.Expires, meta);
    }

    internal static JsonObject MetaJson(IReadOnlyDictionary<string, FileMeta> meta)
    {
        var json = new JsonObject();
        foreach (var (role, file) in meta)
        {
            json[role] = file.ToJson();
        }

        return json;
    }

    internal static Dictionary<string, FileMeta> ParseMeta(JsonObject signed, string where)
    {
        var meta = new Dictionary<string, FileMeta>(StringComparer.Ordinal);
        foreach (var (role, node) in TufJson.Object(signed, "meta", where))
        {
            meta[role] = FileMeta.Parse(node, $"{where} meta {TufJson.Shorten(role)}");
        }

        return meta;
    }
}

/// <summary>timestamp.json's body: the length and hashes of the current snapshot; it expires soonest, so a frozen server shows.</summary>
public sealed record TimestampMetadata(int Version, DateTimeOffset Expires, FileMeta Snapshot)
{
    public static TimestampMetadata Parse(JsonObject signed)
    {
        var header = RoleHeader.Parse(signed, "Timestamp", RoleNames.Timestamp);
        var meta = SnapshotMetadata.ParseMeta(signed, RoleNames.Timestamp);
        var snapshot = meta.GetValueOrDefault(RoleNames.Snapshot) ?? throw new TufFormatException("timestamp: no meta for snapshot");
        return snapshot.Sha256 is null
            ? throw new TufFormatException("timestamp: no sha256 for snapshot")
            : new TimestampMetadata(header.Version, header.Expires, snapshot);
    }
}
