using System.Text.Json.Nodes;

namespace Gantry.Signing.Tuf;

/// <summary>A delegated role as its parent lists it: name, keys, threshold and the target-name prefixes it may sign.</summary>
public sealed record DelegatedRole(string Name, RoleKeys Keys, IReadOnlyList<string> Paths)
{
    /// <summary><c>paths</c> are prefixes; <c>""</c> allows every name.</summary>
    public bool Allows(string target) => Paths.Any(prefix => target.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>The child's paths cut down to those its parent allows, as notary's Restrict does.</summary>
    public DelegatedRole RestrictTo(DelegatedRole? parent) =>
        parent is null ? this : this with { Paths = Paths.Where(parent.Allows).ToList() };
}

/// <summary>
/// A targets file (<c>targets</c> or a delegation): the signed names with their hashes and lengths, and the delegations
/// it makes. Serialized always with <c>delegations</c>, as notary re-encodes it (section 3.1 of NOTARY.md).
/// </summary>
public sealed record TargetsMetadata(
    int Version,
    DateTimeOffset Expires,
    IReadOnlyDictionary<string, FileMeta> Targets,
    IReadOnlyDictionary<string, TufKey> DelegationKeys,
    IReadOnlyList<DelegatedRole> Delegations)
{
    public static TargetsMetadata Empty(DateTimeOffset expires) =>
        new(0, expires, new Dictionary<string, FileMeta>(), new Dictionary<string, TufKey>(), []);

    /// <summary>The keys a delegation lists, by TUF ID.</summary>
    public IReadOnlyDictionary<string, TufKey> KeysOf(DelegatedRole role) =>
        role.Keys.KeyIds.Where(DelegationKeys.ContainsKey).ToDictionary(id => id, id => DelegationKeys[id]);

    public DelegatedRole? Delegation(string name) => Delegations.FirstOrDefault(d => d.Name == name);

    public JsonObject ToJson()
    {
        var targets = new JsonObject();
        foreach (var (name, meta) in Targets.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            targets[name] = meta.ToJson();
        }

        var keys = new JsonObject();
        foreach (var (id, key) in DelegationKeys)
        {
            keys[id] = key.ToJson();
        }

        var roles = new JsonArray();
        foreach (var role in Delegations)
        {
            var json = role.Keys.ToJson();
            json["name"] = role.Name;
            if (role.Paths.Count > 0)
            {
                json["paths"] = new JsonArray(role.Paths.Select(p => (JsonNode)p).ToArray());
            }

            roles.Add((JsonNode)json);
        }

        return new JsonObject
        {
            ["_type"] = "Targets",
            ["delegations"] = new JsonObject { ["keys"] = keys, ["roles"] = roles },
            ["expires"] = TufJson.FormatTime(Expires),
            ["targets"] = targets,
            ["version"] = Version,
        };
    }

    public static TargetsMetadata Parse(JsonObject signed, string role)
    {
        var header = RoleHeader.Parse(signed, "Targets", role);
        var targets = new Dictionary<string, FileMeta>(StringComparer.Ordinal);
        foreach (var (name, meta) in signed["targets"] as JsonObject ?? [])
        {
            targets[name] = FileMeta.Parse(meta, $"{role} target {TufJson.Shorten(name)}");
        }

        var keys = new Dictionary<string, TufKey>(StringComparer.Ordinal);
        var roles = new List<DelegatedRole>();
        if (signed["delegations"] is JsonObject delegations)
        {
            foreach (var (id, node) in delegations["keys"] as JsonObject ?? [])
            {
                keys[id] = TufKey.Parse(node, $"{role} delegation key {TufJson.Shorten(id)}");
            }

            foreach (var node in delegations["roles"] as JsonArray ?? [])
            {
                roles.Add(ParseDelegation(node as JsonObject ?? throw new TufFormatException($"{role}: a delegation is not an object"), role));
            }
        }

        return new TargetsMetadata(header.Version, header.Expires, targets, keys, roles);
    }

    private static DelegatedRole ParseDelegation(JsonObject obj, string parent)
    {
        var name = TufJson.String(obj, "name", parent);
        var where = $"{parent} delegation {TufJson.Shorten(name)}";
        if (!RoleNames.IsDelegation(name) || RoleNames.Parent(name) != parent)
        {
            throw new TufFormatException($"{where}: not a valid direct child of {parent}");
        }

        var paths = obj["paths"] is null ? [] : TufJson.Strings(obj, "paths", where);
        return new DelegatedRole(name, RoleKeys.Parse(obj, where), paths);
    }
}
