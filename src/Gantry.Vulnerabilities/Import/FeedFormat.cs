using Gantry.Core;

namespace Gantry.Vulnerabilities.Import;

/// <summary>The feed formats Gantry imports.</summary>
public enum FeedFormat
{
    Osv,
    AlpineSecdb,
    DebianTracker,
    Nvd,
    Kev,
    Epss,
}

/// <summary>Reads one feed format from a file, folder or archive into an <see cref="IImportSink"/>.</summary>
public interface IFeedImporter
{
    FeedFormat Format { get; }

    /// <summary>Imports everything at <paramref name="path"/>; unusable records are skipped on the sink, never thrown.</summary>
    void Import(string path, IImportSink sink, CancellationToken cancellationToken);
}

/// <summary>The explicit list of importers and the wire names of their formats.</summary>
public static class FeedFormats
{
    private static readonly (FeedFormat Format, string Name)[] Names =
    [
        (FeedFormat.Osv, "osv"),
        (FeedFormat.AlpineSecdb, "alpine-secdb"),
        (FeedFormat.DebianTracker, "debian-tracker"),
        (FeedFormat.Nvd, "nvd"),
        (FeedFormat.Kev, "kev"),
        (FeedFormat.Epss, "epss"),
    ];

    public static IReadOnlyList<string> WireNames { get; } = Names.Select(n => n.Name).ToList();

    public static string ToWire(FeedFormat format) => Names.First(n => n.Format == format).Name;

    public static FeedFormat Parse(string name)
    {
        foreach (var (format, wire) in Names)
        {
            if (string.Equals(wire, name, StringComparison.OrdinalIgnoreCase))
            {
                return format;
            }
        }

        throw new InvalidInputException($"unknown feed format '{name}'; expected one of: {string.Join(", ", WireNames)}");
    }

    public static IFeedImporter ImporterFor(FeedFormat format) => format switch
    {
        FeedFormat.Osv => new OsvImporter(),
        FeedFormat.AlpineSecdb => new AlpineSecdbImporter(),
        FeedFormat.DebianTracker => new DebianTrackerImporter(),
        FeedFormat.Nvd => new NvdImporter(),
        FeedFormat.Kev => new KevImporter(),
        FeedFormat.Epss => new EpssImporter(),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };
}
