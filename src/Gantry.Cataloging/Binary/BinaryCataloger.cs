using System.Text.RegularExpressions;
using Gantry.Cataloging.Common;
using Gantry.Cataloging.Cpe;
using Gantry.Core;
using Gantry.Images.FileSystem;

namespace Gantry.Cataloging.Binary;

/// <summary>
/// Interpreters and libraries copied into images without a package manager, recognized by version
/// strings (<see cref="BinaryClassifiers"/>), by the JDK's <c>release</c> file and by node's
/// <c>node_version.h</c>. Each package says in its metadata how sure the match is and why.
/// </summary>
internal sealed partial class BinaryCataloger : ICataloger
{
    private const string JdkReleaseGlob = "**/release";
    private const string NodeHeaderGlob = "**/include/node/node_version.h";
    private static readonly string[] NodeVersionParts = ["MAJOR", "MINOR", "PATCH"];

    public string Name => "binary-classifier-cataloger";

    /// <summary>Only the JDK's and node's small text files are buffered; binaries go through <see cref="BinaryClassifierExtractor"/>.</summary>
    public IReadOnlyList<string> RequestedGlobs { get; } = [JdkReleaseGlob, NodeHeaderGlob];

    public IReadOnlyList<IFileExtractor> Extractors { get; } = [new BinaryClassifierExtractor()];

    public ValueTask<CatalogResult> CatalogAsync(CatalogContext context, CancellationToken cancellationToken)
    {
        var packages = new List<Package>();
        foreach (var (file, facts) in ExtractFacts.Files(context.Files, [.. ExecutableFiles.Patterns, .. BinaryClassifiers.LibraryGlobs], BinaryClassifierExtractor.ExtractorName))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (FromFacts(file, facts) is { } match)
            {
                packages.Add(Create(match, file.Location, "medium"));
            }
        }

        packages.AddRange(FileCatalog.Read(context.Files, [JdkReleaseGlob]).Select(JdkFromRelease).OfType<Package>());
        packages.AddRange(FileCatalog.Read(context.Files, [NodeHeaderGlob]).Select(NodeFromHeader).OfType<Package>());
        return ValueTask.FromResult(new CatalogResult(packages, [], []));
    }

    /// <summary>
    /// A classifier's facts, judged by the name of the file as the view shows it: a hard link shares its target's facts,
    /// and counts only when its own name matches the same classifier the same way (as when its bytes were read under its name).
    /// </summary>
    private static BinaryMatch? FromFacts(CatalogFile file, IReadOnlyDictionary<string, string> facts)
    {
        var name = file.Path[(file.Path.LastIndexOf('/') + 1)..];
        var classifier = BinaryClassifiers.All.FirstOrDefault(c => c.Product == facts.GetValueOrDefault("product"));
        if (classifier is null || classifier.PrefixFor(name) != facts.GetValueOrDefault("prefix")
            || facts.GetValueOrDefault("version") is not { } version || facts.GetValueOrDefault("found") is not { } found)
        {
            return null;
        }

        return classifier.Create(version, found, name);
    }

    /// <summary>A JDK's <c>release</c> file: <c>JAVA_VERSION="17.0.8"</c>, <c>IMPLEMENTOR="Eclipse Adoptium"</c>.</summary>
    private Package? JdkFromRelease(CatalogFile file)
    {
        var text = file.Text;
        var version = ReleaseField().Matches(text).FirstOrDefault(m => m.Groups["key"].Value == "JAVA_VERSION")?.Groups["value"].Value;
        if (version is null)
        {
            return null;
        }

        var implementor = ReleaseField().Matches(text).FirstOrDefault(m => m.Groups["key"].Value == "IMPLEMENTOR")?.Groups["value"].Value;
        var oracle = implementor is "Oracle Corporation" && !text.Contains("OpenJDK", StringComparison.Ordinal);
        var product = oracle ? "jdk" : "openjdk";
        return Create(new BinaryMatch(product, version, "oracle", product,
            $"JAVA_VERSION=\"{version}\"{(implementor is null ? string.Empty : $" by '{implementor}'")} in the JDK release file"), file.Location, "high");
    }

    /// <summary>node's installed header: <c>#define NODE_MAJOR_VERSION 20</c>, MINOR, PATCH.</summary>
    private Package? NodeFromHeader(CatalogFile file)
    {
        var parts = NodeVersionParts
            .Select(p => NodeDefine().Matches(file.Text).FirstOrDefault(m => m.Groups["part"].Value == p)?.Groups["value"].Value)
            .ToList();
        if (parts.Any(p => p is null))
        {
            return null;
        }

        var version = string.Join('.', parts);
        return Create(new BinaryMatch("node", version, "nodejs", "node.js", $"NODE_*_VERSION defines giving {version} in node_version.h"), file.Location, "high");
    }

    private Package Create(BinaryMatch match, Location location, string confidence) => new()
    {
        Name = match.Product,
        Version = match.Version,
        Type = PackageType.Binary,
        Purl = Purl.For(PackageType.Binary, null, match.Product, match.Version),
        FoundBy = Name,
        LayerDiffId = location.LayerDiffId,
        Locations = [location],
        Files = [location.Path],
        Cpes = [CpeGenerator.Create(match.Vendor, match.CpeProduct, match.Version)],
        Metadata = new MetadataBuilder().Add("classifier", match.Product).Add("confidence", confidence).Add("evidence", match.Evidence).Build(),
    };

    [GeneratedRegex("""^(?<key>[A-Z_]+)="(?<value>[^"]*)"\s*$""", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex ReleaseField();

    [GeneratedRegex(@"^#define NODE_(?<part>MAJOR|MINOR|PATCH)_VERSION (?<value>[0-9]+)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex NodeDefine();
}
