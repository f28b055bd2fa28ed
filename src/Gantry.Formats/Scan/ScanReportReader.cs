using System.Globalization;
using System.Text.Json;
using Gantry.Core;
using Gantry.Formats.Readers;

namespace Gantry.Formats.Scan;

/// <summary>
/// Reads the findings of a report <see cref="ScanJsonWriter"/> wrote (<c>gantry scan -o json</c>), for
/// <c>scan --diff</c>. Strict where the diff depends on a field (identity, severity, fix, suppression): a field of the
/// wrong type is bad input naming the file and the field, never a finding quietly read as something else.
/// </summary>
public static class ScanReportReader
{
    private static readonly Dictionary<string, FixState> FixStates = Enum.GetValues<FixState>().ToDictionary(ScanJsonWriter.FixStateName, StringComparer.Ordinal);

    /// <param name="input">The file as the user named it, for the messages.</param>
    public static IReadOnlyList<ReportedFinding> ReadFindings(string path, string input)
    {
        using var document = JsonFile.Parse(path, input, "scan reports");
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || root.Obj("database") is null || !root.TryGetProperty("findings", out var findings))
        {
            throw new InvalidInputException($"{input}: not a Gantry scan report (the JSON of gantry scan -o json)");
        }

        var version = root.Str("schemaVersion");
        if (version is null || version.Split('.')[0] != ScanJsonWriter.SchemaVersion.Split('.')[0])
        {
            throw new InvalidInputException($"{input}: scan report schemaVersion '{version}' is not one this Gantry reads ({ScanJsonWriter.SchemaVersion})");
        }

        try
        {
            return Field.Items(findings, "findings").Select((f, i) => ReadFinding(f, $"findings[{i.ToString(CultureInfo.InvariantCulture)}]")).ToList();
        }
        catch (FormatException ex)
        {
            throw new InvalidInputException($"{input}: {ex.Message}", ex);
        }
    }

    private static ReportedFinding ReadFinding(JsonElement e, string at)
    {
        var vulnerability = Field.Object(e, "vulnerability", at);
        var package = Field.Object(e, "package", at);
        var match = Field.Object(e, "match", at);
        var fix = Field.Object(e, "fix", at);
        var layer = e.Obj("layer") ?? default;
        var packageAt = at + ".package";
        var diffId = layer.Str("diffId") ?? string.Empty;
        var finding = new Finding
        {
            Vulnerability = new Vulnerability
            {
                Id = Field.String(vulnerability, "id", at + ".vulnerability"),
                Aliases = vulnerability.Strings("aliases"),
                Severity = Field.Enum<Severity>(vulnerability, "severity", at + ".vulnerability"),
                Summary = vulnerability.Str("summary"),
                Kev = vulnerability.Bool("kev"),
                Source = match.Str("record") ?? string.Empty,
            },
            Package = new Package
            {
                Name = Field.String(package, "name", packageAt),
                Version = Field.String(package, "version", packageAt),
                Type = PackageTypeNames.FromWireName(Field.String(package, "type", packageAt)),
                Purl = Purl.TryParse(package.Str("purl"), out var purl) ? purl : null,
                FoundBy = string.Empty,
                LayerDiffId = diffId,
                Locations = Field.Strings(package, "locations", packageAt).Select(p => new Location(p, diffId)).ToList(),
                RemovedByLayerDiffId = package.Str("removedByLayerDiffId"),
            },
            FixState = FixStateOf(Field.String(fix, "state", at + ".fix"), at + ".fix.state"),
            FixedVersions = Field.Strings(fix, "versions", at + ".fix"),
            MatchType = match.Str("type") ?? string.Empty,
            Matcher = match.Str("matcher") ?? string.Empty,
            Namespace = Field.String(match, "namespace", at + ".match"),
            Constraint = match.Str("constraint"),
            Reachability = e.Obj("reachability") is { } reachability ? ReadReachability(reachability, at + ".reachability") : null,
        };
        var suppression = e.TryGetProperty("ignored", out var ignored) && ignored.ValueKind != JsonValueKind.Null
            ? ReadSuppression(ignored, at + ".ignored")
            : null;
        return new ReportedFinding(finding, suppression, new LayerOrigin(diffId, layer.Str("createdBy"), layer.Bool("base")));
    }

    private static Suppression ReadSuppression(JsonElement e, string at) =>
        e.ValueKind == JsonValueKind.Object
            ? new Suppression(Field.String(e, "by", at), e.Str("rule") ?? string.Empty, e.Str("reason"))
            : throw new FormatException($"{at}: expected an object");

    private static Reachability ReadReachability(JsonElement e, string at) =>
        new(Field.Enum<ReachabilityState>(e, "state", at), e.Str("reason") ?? string.Empty);

    private static FixState FixStateOf(string name, string at) =>
        FixStates.TryGetValue(name, out var state) ? state : throw new FormatException($"{at}: unknown fix state '{name}'");

    /// <summary>Required fields: a missing one or one of the wrong type is a <see cref="FormatException"/> naming its path.</summary>
    private static class Field
    {
        public static JsonElement.ArrayEnumerator Items(JsonElement e, string at) =>
            e.ValueKind == JsonValueKind.Array ? e.EnumerateArray() : throw new FormatException($"{at}: expected an array");

        public static JsonElement Object(JsonElement e, string name, string at) =>
            e.ValueKind != JsonValueKind.Object ? throw new FormatException($"{at}: expected an object")
            : e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v
            : throw new FormatException($"{at}.{name}: expected an object");

        public static string String(JsonElement e, string name, string at) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new FormatException($"{at}.{name}: expected a string");

        /// <summary>An absent list is empty; a present one holds only strings.</summary>
        public static List<string> Strings(JsonElement e, string name, string at) =>
            !e.TryGetProperty(name, out var v) ? []
            : Items(v, $"{at}.{name}").Select(s => s.ValueKind == JsonValueKind.String ? s.GetString()! : throw new FormatException($"{at}.{name}: expected strings")).ToList();

        public static T Enum<T>(JsonElement e, string name, string at)
            where T : struct, System.Enum
        {
            var text = String(e, name, at);
            return System.Enum.TryParse<T>(text, ignoreCase: true, out var value) && !int.TryParse(text, CultureInfo.InvariantCulture, out _)
                ? value
                : throw new FormatException($"{at}.{name}: unknown value '{text}'");
        }
    }
}
