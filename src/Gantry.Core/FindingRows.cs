namespace Gantry.Core;

/// <summary>
/// The rows people read a scan by: the findings of one vulnerability in one package name, version and type, wherever
/// found (three copies of one binary are one row), in report order. The table and the JSON's <c>groups</c> share them.
/// </summary>
public static class FindingRows
{
    public static List<List<ReportedFinding>> Of(IEnumerable<ReportedFinding> findings) =>
        findings.GroupBy(f => (f.Finding.Vulnerability.Id, f.Finding.Package.Name, f.Finding.Package.Version, f.Finding.Package.Type))
            .Select(g => g.ToList())
            .ToList();
}
