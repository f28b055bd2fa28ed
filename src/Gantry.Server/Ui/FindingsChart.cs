using System.Globalization;

namespace Gantry.Server.Ui;

/// <summary>
/// Findings over time as an inline SVG drawn on the server: a line through one point per re-check, with the count at
/// each point. Presentation attributes only (no style attribute, no script), so the page's CSP allows it as is.
/// </summary>
public static class FindingsChart
{
    private const int Width = 640;
    private const int Height = 200;
    private const int Margin = 32;

    public static void Write(Html html, IReadOnlyList<(DateTimeOffset At, int Findings)> points)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(points);
        var max = Math.Max(1, points.Max(p => p.Findings));
        var first = points[0].At;
        var span = Math.Max(1, (points[^1].At - first).TotalSeconds);
        var xy = points.Select(p => (
            X: points.Count == 1 ? Width / 2.0 : Margin + ((p.At - first).TotalSeconds / span * (Width - 2 * Margin)),
            Y: Height - Margin - (p.Findings / (double)max * (Height - 2 * Margin)),
            p.Findings, p.At)).ToList();
        var summary = string.Join(", ", points.Select(p => $"{p.Findings} on {p.At.UtcDateTime:yyyy-MM-dd HH:mm}"));
        html.Element("svg", () =>
        {
            html.Element("title", $"Findings over time: {summary}");
            html.Open("line", ("x1", N(Margin)), ("y1", N(Height - Margin)), ("x2", N(Width - Margin)), ("y2", N(Height - Margin)), ("class", "axis")).Close("line");
            html.Open("polyline", ("points", string.Join(' ', xy.Select(p => $"{N(p.X)},{N(p.Y)}"))), ("class", "trend"), ("fill", "none")).Close("polyline");
            foreach (var point in xy)
            {
                html.Open("circle", ("cx", N(point.X)), ("cy", N(point.Y)), ("r", "4"), ("class", "point")).Close("circle");
                html.Element("text", point.Findings.ToString(CultureInfo.InvariantCulture), ("x", N(point.X)), ("y", N(point.Y - 8)), ("text-anchor", "middle"));
                html.Element("text", point.At.UtcDateTime.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture), ("x", N(point.X)), ("y", N(Height - Margin + 16)),
                    ("text-anchor", "middle"), ("class", "date"));
            }
        }, ("viewBox", $"0 0 {Width} {Height}"), ("role", "img"), ("class", "chart"), ("xmlns", "http://www.w3.org/2000/svg"));
    }

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
