using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gantry.Core;
using Gantry.Vulnerabilities.Store;

namespace Gantry.Vulnerabilities.Import;

/// <summary>Imports CISA's Known Exploited Vulnerabilities catalog (JSON) as enrichment keyed by CVE.</summary>
internal sealed class KevImporter : IFeedImporter
{
    public FeedFormat Format => FeedFormat.Kev;

    public void Import(string path, IImportSink sink, CancellationToken cancellationToken)
    {
        sink.FileRead(path);
        try
        {
            using var stream = File.OpenRead(path);
            var root = JsonNode.Parse(stream);
            var index = 0;
            foreach (var item in Json.Array(root, "vulnerabilities"))
            {
                index++;
                try
                {
                    sink.Add(new KevEntry(
                        Json.RequiredString(item, "cveID"),
                        Date(Json.String(item, "dateAdded")),
                        Date(Json.String(item, "dueDate")),
                        Json.String(item, "knownRansomwareCampaignUse") == "Known",
                        Json.String(item, "vulnerabilityName")));
                }
                catch (Exception ex) when (FileErrors.IsBadInput(ex))
                {
                    sink.Skip($"{path}#vulnerabilities[{index - 1}]", ex.Message);
                }
            }
        }
        catch (Exception ex) when (FileErrors.IsBadInput(ex))
        {
            sink.Skip(path, FeedFiles.Reason(ex));
        }
    }

    private static DateOnly? Date(string? text) =>
        string.IsNullOrEmpty(text) ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : throw new FormatException($"'{text}' is not a yyyy-MM-dd date");
}
