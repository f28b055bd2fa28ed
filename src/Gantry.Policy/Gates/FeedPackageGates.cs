using Gantry.Core;

namespace Gantry.Policy.Gates;

/// <summary>
/// <c>npms</c> and <c>ruby_gems</c>. Their <c>*_feed</c> triggers compared packages with Anchore's npm and gem
/// "packages" feeds, which no longer exist and which Gantry does not have: <c>feed_data_unavailable</c> fires,
/// and the other feed triggers evaluate to nothing with a warning. The blacklist triggers work as in Anchore.
/// </summary>
internal static class FeedPackageGates
{
    public static GateDefinition Npms { get; } = new(
        "npms",
        "NPM Checks",
        GateOrigin.Anchore,
        [
            FeedTrigger("newer_version_in_feed", "Triggers if an installed NPM is not the latest version according to NPM data feed."),
            FeedTrigger("unknown_in_feeds", "Triggers if an installed NPM is not in the official NPM database, according to NPM data feed."),
            FeedTrigger("version_not_in_feeds", "Triggers if an installed NPM version is not listed in the official NPM feed as a valid version."),
            new TriggerDefinition("feed_data_unavailable", "Triggers if the engine does not have access to the NPM data feed.",
                context => FeedUnavailable(context, PackageType.Npm, "NPM packages are present but the anchore npm feed is not available - will be unable to perform checks that require feed data")),
            new TriggerDefinition("blacklisted_name_version", "Triggers if the evaluated image has an NPM package installed that matches one in the list given as a param (package_name|vers).",
            [
                new("name", "Npm package name to blacklist.") { Required = true, Example = "time_diff" },
                new("version", "Npm package version to blacklist specifically.") { Example = "0.2.9" },
            ], context => Blacklist(context, PackageType.Npm, "NPM Package is blacklisted: ")),
        ]);

    public static GateDefinition RubyGems { get; } = new(
        "ruby_gems",
        "Ruby Gem Checks",
        GateOrigin.Anchore,
        [
            FeedTrigger("newer_version_found_in_feed", "Triggers if an installed GEM is not the latest version according to GEM data feed."),
            FeedTrigger("not_found_in_feed", "Triggers if an installed GEM is not in the official GEM database, according to GEM data feed."),
            FeedTrigger("version_not_found_in_feed", "Triggers if an installed GEM version is not listed in the official GEM feed as a valid version."),
            new TriggerDefinition("feed_data_unavailable", "Triggers if the system does not have access to the GEM data feed.",
                context => FeedUnavailable(context, PackageType.Gem, "Gem packages are present but the anchore gem feed is not available - will be unable to perform checks that require feed data")),
            new TriggerDefinition("blacklist", "Triggers if the evaluated image has a GEM package installed that matches the specified name and version.",
            [
                new("name", "Gem name to blacklist.") { Required = true, Example = "time_diff" },
                new("version", "Optional version to blacklist specifically.") { Example = "0.2.9" },
            ], context => Blacklist(context, PackageType.Gem, "Gem Package is blacklisted: ")),
        ]);

    private static TriggerDefinition FeedTrigger(string name, string description) =>
        new(name, description, context => context.Warn("needs Anchore's package metadata feed, which Gantry does not have; nothing was checked"));

    private static void FeedUnavailable(TriggerContext context, PackageType type, string message)
    {
        if (context.Input.Sbom.Packages.Any(p => p.Type == type))
        {
            context.Fire(message);
        }
    }

    private static void Blacklist(TriggerContext context, PackageType type, string prefix)
    {
        var name = context.Params.GetRequired("name");
        var version = context.Params.Get("version");
        foreach (var package in context.Input.Sbom.Packages.Where(p => p.Type == type && p.Name == name && (version is null || p.Version == version)))
        {
            context.Fire(prefix + (version is null ? package.Name : $"{package.Name}-{package.Version}"));
        }
    }
}
