using System.Text.Json.Nodes;
using Gantry.Core;
using Gantry.Core.Cvss;
using Gantry.Vulnerabilities.Store;

namespace Gantry.Vulnerabilities.Import;

/// <summary>
/// Reads one OSV record (schema 1.x, any ecosystem) into a <see cref="VulnerabilityRecord"/>. A record that breaks
/// the schema's rules the matcher relies on (an event object with other than one known key, a range without a type)
/// is a <see cref="FormatException"/> naming the problem.
/// </summary>
internal static class OsvRecordParser
{
    public const string FeedName = "osv";

    public static VulnerabilityRecord Parse(JsonNode root)
    {
        if (root is not JsonObject)
        {
            throw new FormatException("an OSV record must be a JSON object");
        }

        var id = Json.RequiredString(root, "id");
        var databaseSpecific = root["database_specific"] as JsonObject;
        var cvss = Json.Array(root, "severity")
            .Select(s => (Type: Json.String(s, "type"), Score: Json.String(s, "score")))
            .Where(s => s.Type is "CVSS_V2" or "CVSS_V3" or "CVSS_V4" && !string.IsNullOrEmpty(s.Score))
            .Select(s => CvssCalculator.FromVector(s.Score!, null))
            .ToList();
        var affected = Json.Array(root, "affected")
            .Select(a => ParseAffected(id, a))
            .OfType<AffectedPackage>()
            .ToList();
        var severity = Rating(root, databaseSpecific) is var rated && rated != Severity.Unknown ? rated : CvssCalculator.SeverityOf(cvss);
        var vulnerability = new Vulnerability
        {
            Id = id,
            Aliases = Json.Strings(root, "aliases"),
            Summary = Json.String(root, "summary"),
            Details = Json.String(root, "details"),
            Severity = severity,
            SeveritySource = severity == Severity.Unknown ? null : Publisher(id, affected),
            Cvss = cvss,
            Published = Json.Timestamp(root, "published"),
            Modified = Json.Timestamp(root, "modified"),
            Withdrawn = Json.Timestamp(root, "withdrawn"),
            References = Json.Array(root, "references").Select(r => Json.String(r, "url")).OfType<string>().ToList(),
            Cwes = databaseSpecific is null ? [] : Json.Strings(databaseSpecific, "cwe_ids"),
            Source = FeedName,
        };
        return new VulnerabilityRecord(vulnerability, affected);
    }

    /// <summary>
    /// The publisher's own word for the severity: Ubuntu's priority (a <c>severity[]</c> entry of type <c>Ubuntu</c>),
    /// else <c>database_specific.severity</c> (GitHub's rating, Red Hat's and AlmaLinux's impact).
    /// </summary>
    private static Severity Rating(JsonNode root, JsonObject? databaseSpecific)
    {
        var ubuntu = Json.Array(root, "severity").FirstOrDefault(s => Json.String(s, "type") == "Ubuntu");
        return SeverityNames.Parse(ubuntu is not null ? Json.String(ubuntu, "score") : databaseSpecific is null ? null : Json.String(databaseSpecific, "severity"));
    }

    /// <summary>Who rated the record: the distro whose data it is (as its namespaces name it), GitHub, or another OSV publisher.</summary>
    private static string Publisher(string id, IReadOnlyList<AffectedPackage> affected) =>
        affected.Select(a => DistroFamilies.OfNamespace(a.Namespace)).FirstOrDefault(f => f is not null)?.Name
            ?? (id.StartsWith("GHSA-", StringComparison.Ordinal) ? "ghsa" : FeedName);

    /// <summary>An affected entry, or null when it names no package (GIT-only entries cannot be matched by name).</summary>
    private static AffectedPackage? ParseAffected(string id, JsonNode entry)
    {
        var package = Json.Object(entry, "package");
        if (package is null)
        {
            return null;
        }

        var ranges = Json.Array(entry, "ranges").Select(ParseRange).ToList();
        var versions = Json.Strings(entry, "versions");
        // A GIT range's "fixed" is a commit, not a version a user can upgrade to.
        var fixedVersions = ranges.Where(r => r.Type != AffectedRange.Git).SelectMany(r => r.Events)
            .Where(e => e.Kind == RangeEventKind.Fixed)
            .Select(e => e.Version)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var name = Json.RequiredString(package, "name");
        return new AffectedPackage
        {
            VulnerabilityId = id,
            Namespace = Namespaces.FromOsvEcosystem(Json.RequiredString(package, "ecosystem")),
            Name = ModuleStream(package) is { } stream ? RpmModules.Qualified(stream, name) : name,
            Ranges = ranges,
            Versions = versions,
            FixedVersions = fixedVersions,
            FixState = fixedVersions.Count > 0 ? FixState.Fixed
                : ranges.Count > 0 || versions.Count > 0 ? FixState.NotFixed
                : FixState.Unknown,
            GoImports = Json.Array(Json.Object(entry, "ecosystem_specific"), "imports").Select(ParseGoImport).ToList(),
        };
    }

    /// <summary>The module stream of a Red Hat entry, from its purl's <c>rpmmod</c> qualifier (<c>pkg:rpm/redhat/nodejs?rpmmod=nodejs:18:…</c>).</summary>
    private static string? ModuleStream(JsonNode package) =>
        Purl.TryParse(Json.String(package, "purl"), out var purl) && purl.Type == "rpm" && purl.Qualifiers.TryGetValue("rpmmod", out var rpmmod)
            ? RpmModules.Stream(rpmmod)
            : null;

    /// <summary>An <c>imports</c> entry of the Go vulnerability database: <c>path</c>, <c>symbols</c>, <c>goos</c>, <c>goarch</c>.</summary>
    private static GoImport ParseGoImport(JsonNode entry) =>
        new(Json.RequiredString(entry, "path"), Json.Strings(entry, "symbols"), Json.Strings(entry, "goos"), Json.Strings(entry, "goarch"));

    private static AffectedRange ParseRange(JsonNode range)
    {
        var type = Json.RequiredString(range, "type");
        var events = Json.Array(range, "events").Select(ParseEvent).ToList();
        if (events.Count == 0)
        {
            throw new FormatException($"a {type} range has no events");
        }

        return new AffectedRange(type, events, Json.String(range, "repo"));
    }

    private static RangeEvent ParseEvent(JsonNode node)
    {
        if (node is not JsonObject obj || obj.Count != 1)
        {
            throw new FormatException("each range event must be an object with exactly one key");
        }

        var (name, value) = obj.First();
        return RangeEventNames.TryParse(name, out var kind)
            ? new RangeEvent(kind, value is null ? throw new FormatException($"range event '{name}' has no version") : Json.AsString(value, name))
            : throw new FormatException($"unknown range event '{name}'");
    }
}
