using System.Text.Json.Nodes;
using Gantry.Core;

namespace Gantry.Server.Analysis;

/// <summary>Findings per severity, split by where the vulnerable package came from: the base image's layers or the application's.</summary>
public sealed record SeverityCounts(IReadOnlyDictionary<Severity, int> Base, IReadOnlyDictionary<Severity, int> Application)
{
    /// <summary>Critical first: the order the tables show them in.</summary>
    public static readonly IReadOnlyList<Severity> Shown = [Severity.Critical, Severity.High, Severity.Medium, Severity.Low, Severity.Negligible, Severity.Unknown];

    public static SeverityCounts Of(IEnumerable<(Severity Severity, bool InBase)> findings)
    {
        var list = findings.ToList();
        return new SeverityCounts(Count(list.Where(f => f.InBase)), Count(list.Where(f => !f.InBase)));
    }

    public int Total(Severity severity) => Base.GetValueOrDefault(severity) + Application.GetValueOrDefault(severity);

    /// <summary>Every finding, base and application.</summary>
    public int Total() => Shown.Sum(Total);

    /// <summary>The most severe level with at least one finding, or null when there is none.</summary>
    public Severity? Worst => Shown.Cast<Severity?>().FirstOrDefault(s => Total(s!.Value) > 0);

    public int AtOrAbove(Severity severity) => Shown.Where(s => s >= severity).Sum(Total);

    /// <summary>As stored: <c>{"base": {"High": 2}, "application": {"Low": 1}}</c>.</summary>
    public string ToJson() => new JsonObject { ["base"] = Write(Base), ["application"] = Write(Application) }.ToJsonString();

    /// <summary>Reads what <see cref="ToJson"/> wrote; a severity this version does not know counts as Unknown.</summary>
    public static SeverityCounts FromJson(string json)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        return new SeverityCounts(Read(root["base"]), Read(root["application"]));
    }

    private static JsonObject Write(IReadOnlyDictionary<Severity, int> counts) =>
        new(counts.Where(c => c.Value > 0).Select(c => KeyValuePair.Create(c.Key.ToString(), (JsonNode?)c.Value)));

    private static Dictionary<Severity, int> Read(JsonNode? counts) =>
        (counts?.AsObject() ?? []).GroupBy(c => Enum.TryParse<Severity>(c.Key, out var severity) ? severity : Severity.Unknown)
            .ToDictionary(g => g.Key, g => g.Sum(c => c.Value!.GetValue<int>()));

    private static Dictionary<Severity, int> Count(IEnumerable<(Severity Severity, bool InBase)> findings) =>
        findings.GroupBy(f => f.Severity).ToDictionary(g => g.Key, g => g.Count());
}
