using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gantry.TestKit;

/// <summary>Checks on a response body or an output that must be JSON.</summary>
public static class JsonText
{
    /// <summary>True when <paramref name="text"/> parses as one JSON document.</summary>
    public static bool IsValid(string text)
    {
        try
        {
            JsonNode.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
