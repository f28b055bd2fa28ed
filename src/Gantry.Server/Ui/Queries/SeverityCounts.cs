using Gantry.Core;

namespace Gantry.Server.Ui.Queries;

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

    /// <summary>The most severe level with at least one finding, or null when there is none.</summary>
    public Severity? Worst => Shown.Cast<Severity?>().FirstOrDefault(s => Total(s!.Value) > 0);

    public int AtOrAbove(Severity severity) => Shown.Where(s => s >= severity).Sum(Total);

    private static Dictionary<Severity, int> Count(IEnumerable<(Severity Severity, bool InBase)> findings) =>
        findings.GroupBy(f => f.Severity).ToDictionary(g => g.Key, g => g.Count());
}
