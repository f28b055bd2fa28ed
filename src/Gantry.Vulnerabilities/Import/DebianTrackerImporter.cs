using System.Globalization;
using System.Text.Json;
using Gantry.Core;
using Gantry.Vulnerabilities.Store;

namespace Gantry.Vulnerabilities.Import;

/// <summary>
/// Imports the Debian security tracker's JSON (<c>/tracker/data/json</c>):
/// <c>{source package: {CVE: {description, releases: {codename: {status, fixed_version, urgency, nodsa, nodsa_reason}}}}}</c>.
/// Codenames become namespaces (<c>bookworm</c> → <c>debian:12</c>, <c>sid</c> → <c>debian:unstable</c>).
/// </summary>
internal sealed class DebianTrackerImporter : IFeedImporter
{
    public const string FeedName = "debian-tracker";

    public FeedFormat Format => FeedFormat.DebianTracker;

    public void Import(string path, IImportSink sink, CancellationToken cancellationToken)
    {
        sink.FileRead(path);
        var records = new DistroRecords(FeedName);
        var unknownReleases = new SortedDictionary<string, int>(StringComparer.Ordinal);
        try
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                sink.Skip(path, "the tracker JSON must be an object keyed by source package");
                return;
            }

            foreach (var package in document.RootElement.EnumerateObject())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (package.Value.ValueKind != JsonValueKind.Object)
                {
                    sink.Skip($"{path}#{package.Name}", "a source package entry must be an object");
                    continue;
                }

                foreach (var cve in package.Value.EnumerateObject())
                {
                    try
                    {
                        ReadEntry(package.Name, cve, path, records, unknownReleases);
                    }
                    catch (Exception ex) when (FileErrors.IsBadInput(ex))
                    {
                        sink.Skip($"{path}#{package.Name}/{cve.Name}", ex.Message);
                    }
                }
            }
        }
        catch (JsonException ex)
        {
            sink.Skip(path, FeedFiles.Reason(ex));
            return;
        }

        foreach (var (codename, count) in unknownReleases)
        {
            sink.Skip(path, $"'{codename}' is not a known Debian release; {count.ToString(CultureInfo.InvariantCulture)} release entries skipped");
        }

        records.WriteTo(sink);
    }

    private static void ReadEntry(string package, JsonProperty cve, string file, DistroRecords records, SortedDictionary<string, int> unknownReleases)
    {
        if (cve.Value.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("an entry must be an object");
        }

        var description = Text(cve.Value, "description");
        if (!cve.Value.TryGetProperty("releases", out var releases) || releases.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("missing 'releases' object");
        }

        foreach (var release in releases.EnumerateObject())
        {
            var @namespace = Namespaces.FromDebianCodename(release.Name);
            if (@namespace is null)
            {
                unknownReleases[release.Name] = unknownReleases.GetValueOrDefault(release.Name) + 1;
                continue;
            }

            records.Add(cve.Name, file, ReadRelease(cve.Name, package, @namespace, release.Value), [], description);
        }
    }

    private static AffectedPackage ReadRelease(string id, string package, string @namespace, JsonElement release)
    {
        var status = Text(release, "status") ?? throw new FormatException("a release has no 'status'");
        var fixedVersion = Text(release, "fixed_version");
        var affected = new AffectedPackage
        {
            VulnerabilityId = id,
            Namespace = @namespace,
            Name = package,
            Severity = SeverityNames.Parse(Text(release, "urgency")) is var severity && severity != Severity.Unknown ? severity : null,
        };
        return status switch
        {
            // fixed_version "0": the release never shipped a vulnerable version.
            "resolved" when fixedVersion is "0" => affected with { FixState = FixState.NotAffected },
            "resolved" when !string.IsNullOrEmpty(fixedVersion) => affected with
            {
                FixState = FixState.Fixed,
                Ranges = [AffectedRange.FixedIn(fixedVersion)],
                FixedVersions = [fixedVersion],
            },
            "resolved" => throw new FormatException("status 'resolved' without a fixed_version"),

            // <ignored> no-dsa entries will not be fixed in that release; plain no-dsa and <postponed> may be later.
            "open" => affected with
            {
                FixState = Text(release, "nodsa_reason") == "ignored" ? FixState.WontFix : FixState.NotFixed,
                Ranges = [AffectedRange.AllVersions],
            },
            "undetermined" => affected with { FixState = FixState.Unknown, Ranges = [AffectedRange.AllVersions] },
            _ => throw new FormatException($"unknown status '{status}'"),
        };
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
