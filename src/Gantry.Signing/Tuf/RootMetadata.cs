using System.Text.Json.Nodes;

namespace Gantry.Signing.Tuf;

/// <summary>root.json's body: every key of the repository and which of them sign each top-level role.</summary>
public sealed record RootMetadata(int Version, DateTimeOffset Expires, IReadOnlyDictionary<string, TufKey> Keys, IReadOnlyDictionary<string, RoleKeys> Roles)
{
    private static readonly string[] TopLevelRoles = [RoleNames.Root, RoleNames.Snapshot, RoleNames.Targets, RoleNames.Timestamp];

    public RoleKeys Role(string name) => Roles[name];

    /// <summary>The keys of <paramref name="role"/> by TUF ID.</summary>
    public IReadOnlyDictionary<string, TufKey> KeysOf(string role) =>
        Role(role).KeyIds.Where(Keys.ContainsKey).ToDictionary(id => id, id => Keys[id]);

    public JsonObject ToJson()
    {
        var keys = new JsonObject();
        foreach (var (id, key) in Keys)
        {
            keys[id] = key.ToJson();
        }

        var roles = new JsonObject();
        foreach (var (name, role) in Roles)
        {
            roles[name] = role.ToJson();
        }

        return new JsonObject
        {
            ["_type"] = "Root",
            ["consistent_snapshot"] = false,
            ["expires"] = TufJson.FormatTime(Expires),
            ["keys"] = keys,
            ["roles"] = roles,
            ["version"] = Version,
        };
    }

    public static RootMetadata Parse(JsonObject signed)
    {
        const string where = "root";
        var header = RoleHeader.Parse(signed, "Root", where);
        var keys = new Dictionary<string, TufKey>(StringComparer.Ordinal);
        foreach (var (id, node) in TufJson.Object(signed, "keys", where))
        {
            keys[id] = TufKey.Parse(node, $"{where} key {TufJson.Shorten(id)}");
        }

        var roles = new Dictionary<string, RoleKeys>(StringComparer.Ordinal);
        var rolesJson = TufJson.Object(signed, "roles", where);
        foreach (var name in TopLevelRoles)
        {
            var role = RoleKeys.Parse(rolesJson[name] as JsonObject ?? throw new TufFormatException($"{where}: no '{name}' role"), $"{where} role {name}");
            var unknown = role.KeyIds.FirstOrDefault(id => !keys.ContainsKey(id));
            roles[name] = unknown is null ? role : throw new TufFormatException($"{where}: role {name} names key {TufJson.Shorten(unknown)}, which is not in its keys");
        }

        return new RootMetadata(header.Version, header.Expires, keys, roles);
    }
}

/// <summary>The fields every role body has: <c>_type</c>, <c>version</c> (at least 1) and <c>expires</c>.</summary>
internal readonly record struct RoleHeader(int Version, DateTimeOffset Expires)
{
    public static RoleHeader Parse(JsonObject signed, string type, string where)
    {
        var actual = TufJson.String(signed, "_type", where);
        if (actual != type)
        {
            throw new TufFormatException($"{where}: _type is '{TufJson.Shorten(actual)}', not '{type}'");
        }

        var version = TufJson.Integer(signed, "version", where);
        return version is < 1 or > int.MaxValue
            ? throw new TufFormatException($"{where}: version {version} is not a positive 32-bit integer")
            : new RoleHeader((int)version, TufJson.Time(signed, "expires", where));
    }
}
