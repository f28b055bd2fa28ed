using System.Text.Json.Nodes;
using Gantry.Engine;

namespace Gantry.TestKit.Matching;

/// <summary>Vulnerability databases of Debian tracker records against the small test images' marker packages.</summary>
public static class TrackerDatabase
{
    /// <summary>
    /// Builds a database where each of <paramref name="cves"/> affects each of <paramref name="packages"/> (bookworm,
    /// 1.0-1, fixed in 1.0-2, urgency high) in a temporary file, then renames it over <paramref name="databasePath"/>, as
    /// <c>gantry db import|update</c> replace it.
    /// </summary>
    public static void Replace(string databasePath, IReadOnlyList<string> packages, params string[] cves) =>
        Replace(databasePath, packages, new GantryEngine(), cves);

    /// <summary>The same, built by <paramref name="engine"/> (whose clock stamps the build).</summary>
    public static void Replace(string databasePath, IReadOnlyList<string> packages, GantryEngine engine, params string[] cves)
    {
        var folder = Path.GetDirectoryName(databasePath)!;
        var feed = Path.Combine(folder, "tracker.json");
        var records = new JsonObject();
        foreach (var package in packages)
        {
            var entries = new JsonObject();
            foreach (var cve in cves)
            {
                entries[cve] = new JsonObject
                {
                    ["description"] = $"test record {cve}",
                    ["scope"] = "local",
                    ["releases"] = new JsonObject
                    {
                        ["bookworm"] = new JsonObject
                        {
                            ["status"] = "resolved", ["repositories"] = new JsonObject { ["bookworm"] = "1.0-1" }, ["fixed_version"] = "1.0-2", ["urgency"] = "high",
                        },
                    },
                };
            }

            records[package] = entries;
        }

        File.WriteAllText(feed, records.ToJsonString());
        var building = Path.Combine(folder, "building-" + Guid.NewGuid().ToString("N") + ".db");
        engine.Database.Import([feed], null, "debian", building, CancellationToken.None);
        File.Move(building, databasePath, overwrite: true);
    }
}
