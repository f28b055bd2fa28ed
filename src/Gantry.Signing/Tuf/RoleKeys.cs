using System.Text.Json.Nodes;

namespace Gantry.Signing.Tuf;

/// <summary>Which keys sign a role and how many of them must: <c>{"keyids":[…],"threshold":T}</c>.</summary>
public sealed record RoleKeys(IReadOnlyList<string> KeyIds, int Threshold)
{
    public JsonObject ToJson() => new()
    {
        ["keyids"] = new JsonArray(KeyIds.Select(id => (JsonNode)id).ToArray()),
        ["threshold"] = Threshold,
    };

    public static RoleKeys Parse(JsonObject obj, string where)
    {
        var threshold = TufJson.Integer(obj, "threshold", where);
        return threshold is < 1 or > 1000
            ? throw new TufFormatException($"{where}: threshold {threshold} is not between 1 and 1000")
            : new RoleKeys(TufJson.Strings(obj, "keyids", where), (int)threshold);
    }
}
