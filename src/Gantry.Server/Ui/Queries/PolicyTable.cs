using System.Text.Json;
using Gantry.Server.Storage;

namespace Gantry.Server.Ui.Queries;

/// <summary>One row of a stored evaluation's table, by the column names Anchore's result document gives.</summary>
public sealed record PolicyRow(string Gate, string Trigger, string TriggerId, string CheckOutput, string Action, string Allowlisted, string PolicyId);

/// <summary>Reads the rows of a stored evaluation (Anchore's result document: <c>result.&lt;image id&gt;.result.{header, rows}</c>).</summary>
public static class PolicyTable
{
    public static IReadOnlyList<PolicyRow> Read(EvaluationRecord evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        using var document = JsonDocument.Parse(evaluation.ResultJson);
        if (!document.RootElement.TryGetProperty("result", out var result) || !result.TryGetProperty("result", out var images) || images.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        foreach (var image in images.EnumerateObject())
        {
            if (image.Value.ValueKind == JsonValueKind.Object && image.Value.TryGetProperty("result", out var table) && table.TryGetProperty("header", out var header))
            {
                var columns = header.EnumerateArray().Select(h => h.GetString() ?? string.Empty).ToList();
                return table.GetProperty("rows").EnumerateArray().Select(row => Row(columns, row.EnumerateArray().ToList())).ToList();
            }
        }

        return [];
    }

    private static PolicyRow Row(List<string> columns, List<JsonElement> cells)
    {
        string Cell(string name) => columns.IndexOf(name) is var i and >= 0 && i < cells.Count ? Text(cells[i]) : string.Empty;
        return new PolicyRow(Cell("Gate"), Cell("Trigger"), Cell("Trigger_Id"), Cell("Check_Output"), Cell("Gate_Action").ToUpperInvariant(), Cell("Whitelisted"), Cell("Policy_Id"));
    }

    /// <summary>A cell as text; the allowlist cell is <c>false</c> or the matching allowlist's object.</summary>
    private static string Text(JsonElement cell) => cell.ValueKind switch
    {
        JsonValueKind.String => cell.GetString() ?? string.Empty,
        JsonValueKind.False => "no",
        JsonValueKind.Object => cell.TryGetProperty("whitelist_name", out var name) ? $"yes ({name})" : "yes",
        _ => cell.ToString(),
    };
}
