using System.Text.Json;
using System.Text.Json.Serialization;
using Gantry.Core;
using Gantry.Vulnerabilities.Import;

namespace Gantry.Vulnerabilities.Update;

/// <summary>
/// One source of <c>gantry db update</c>: a name, a feed format and one or more locations, each an http(s) URL
/// (upstream or a mirror) or a local path. An optional expected SHA-256 (for a single location) or a checksum URL
/// guards against a tampered or truncated download.
/// </summary>
public sealed record FeedSource
{
    public required string Name { get; init; }

    public required string Format { get; init; }

    public IReadOnlyList<string> Urls { get; init; } = [];

    public string? Sha256 { get; init; }

    /// <summary>A URL or path whose first word is the hex SHA-256 of the (single) location.</summary>
    public string? ChecksumUrl { get; init; }

    public FeedFormat FeedFormat => FeedFormats.Parse(Format);
}

/// <summary>The sources file: <c>{"sources": [{"name", "format", "urls": [...], "sha256"?, "checksumUrl"?}]}</c>.</summary>
public sealed record SourcesFile(IReadOnlyList<FeedSource> Sources)
{
    /// <summary>The public upstream feeds, used when no sources file is given.</summary>
    public static SourcesFile Default { get; } = new(
    [
        .. Ecosystems.DefaultOsvFeeds.Concat(DistroFamilies.DefaultOsvFeeds).Select(OsvExport),
        new FeedSource
        {
            Name = "alpine-secdb",
            Format = "alpine-secdb",
            Urls = [.. new[] { "3.18", "3.19", "3.20", "3.21", "3.22", "edge" }.SelectMany(branch => new[] { "main", "community" }
                .Select(repo => $"https://secdb.alpinelinux.org/{(branch == "edge" ? branch : "v" + branch)}/{repo}.json"))],
        },
        new FeedSource { Name = "debian-tracker", Format = "debian-tracker", Urls = ["https://security-tracker.debian.org/tracker/data/json"] },
        new FeedSource { Name = "nvd", Format = "nvd", Urls = ["https://services.nvd.nist.gov/rest/json/cves/2.0"] },
        new FeedSource { Name = "kev", Format = "kev", Urls = ["https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json"] },
        new FeedSource { Name = "epss", Format = "epss", Urls = ["https://epss.empiricalsecurity.com/epss_scores-current.csv.gz"] },
    ]);

    /// <summary>OSV's export of one ecosystem: <c>osv-red-hat</c> from <c>…/Red%20Hat/all.zip</c>.</summary>
    private static FeedSource OsvExport(string ecosystem) => new()
    {
        Name = "osv-" + ecosystem.ToLowerInvariant().Replace(' ', '-'),
        Format = "osv",
        Urls = [$"https://osv-vulnerabilities.storage.googleapis.com/{Uri.EscapeDataString(ecosystem)}/all.zip"],
    };

    public static SourcesFile Load(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var file = JsonSerializer.Deserialize(stream, SourcesJson.Default.SourcesFile)
                ?? throw new InvalidInputException($"sources file {path} is empty");
            foreach (var source in file.Sources)
            {
                if (string.IsNullOrEmpty(source.Name) || source.Urls.Count == 0)
                {
                    throw new InvalidInputException($"sources file {path}: every source needs a name and at least one url");
                }

                _ = source.FeedFormat;
            }

            return file;
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException($"sources file {path} is not valid JSON: {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            throw new InvalidInputException($"sources file {path} cannot be read: {ex.Message}", ex);
        }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(SourcesFile))]
[JsonSerializable(typeof(List<CachedFeed>))]
[JsonSerializable(typeof(LatestDocument))]
internal sealed partial class SourcesJson : JsonSerializerContext;
