using System.Text.RegularExpressions;
using Gantry.Cataloging.Common;
using Gantry.Core;
using YamlDotNet.RepresentationModel;

namespace Gantry.Cataloging.Dart;

/// <summary>
/// Locked Dart packages of a project folder (<c>dir:</c> sources only) from <c>pubspec.lock</c>, as <c>dart pub get</c>
/// writes it: <c>packages: {name: {dependency, description, source, version}}</c> and <c>sdks: {dart, flutter}</c>.
/// Every source is listed, as syft does: <c>hosted</c> (pub.dev or another registry, named by a <c>hosted_url</c>
/// qualifier), <c>git</c> (a <c>vcs_url</c> qualifier), <c>path</c> and <c>sdk</c>. SDK packages are written
/// <c>0.0.0</c>; they take the lowest version their SDK's constraint allows, and are left out when it names none.
/// </summary>
internal sealed partial class PubspecLockCataloger : ICataloger
{
    /// <summary>Registries whose packages are plain <c>pkg:pub/name@version</c> (pub.dartlang.org is pub.dev's old name).</summary>
    private static readonly string[] DefaultRegistries = ["https://pub.dev", "https://pub.dartlang.org"];

    public string Name => "dart-pubspec-lock-cataloger";

    public CatalogerKind Kind => CatalogerKind.Declared;

    public IReadOnlyList<string> RequestedGlobs { get; } = ["**/pubspec.lock"];

    public ValueTask<CatalogResult> CatalogAsync(CatalogContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(FileCatalog.Run(context, RequestedGlobs, Parse, cancellationToken));

    private CatalogResult Parse(CatalogFile file)
    {
        var root = YamlDocuments.LoadMapping(file.Text);
        if (Child(root, "packages") is not YamlMappingNode entries)
        {
            throw new FormatException("it has no 'packages' mapping");
        }

        var sdks = Child(root, "sdks") as YamlMappingNode;
        var packages = new List<Package>();
        var diagnostics = new List<Diagnostic>();
        foreach (var (key, body) in entries.Children)
        {
            if (key is not YamlScalarNode { Value: { Length: > 0 } name } || body is not YamlMappingNode entry)
            {
                diagnostics.Add(FileCatalog.Malformed(file, "an entry of 'packages' is not a package name with a mapping"));
                continue;
            }

            var source = Text(entry, "source");
            var version = Text(entry, "version");
            if (source == "sdk" && version == "0.0.0")
            {
                version = MinimumSdkVersion(Text(sdks, Text(entry, "description") ?? string.Empty));
                if (version is null)
                {
                    continue;
                }
            }

            if (string.IsNullOrEmpty(source) || string.IsNullOrEmpty(version))
            {
                diagnostics.Add(FileCatalog.Malformed(file, $"package '{name}' has no {(string.IsNullOrEmpty(source) ? "source" : "version")}"));
                continue;
            }

            packages.Add(new Package
            {
                Name = name,
                Version = version,
                Type = PackageType.DartPub,
                Purl = Purl.For(PackageType.DartPub, null, name, version, Qualifiers(source, Child(entry, "description") as YamlMappingNode)),
                FoundBy = Name,
                LayerDiffId = file.Location.LayerDiffId,
                Locations = [file.Location],
                Metadata = new MetadataBuilder().Add(MetadataKeys.PubSource, source).Add("dependency", Text(entry, "dependency")).Build(),
            });
        }

        return new CatalogResult(packages, [], diagnostics);
    }

    /// <summary>Where a package not on pub.dev came from: the registry's host, or the git URL at its resolved commit (and folder).</summary>
    private static Dictionary<string, string> Qualifiers(string source, YamlMappingNode? description)
    {
        var url = Text(description, "url");
        if (source == "hosted" && url is not null && !DefaultRegistries.Contains(url.TrimEnd('/'), StringComparer.Ordinal))
        {
            return new() { ["hosted_url"] = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : url };
        }

        if (source == "git" && url is not null)
        {
            var at = $"{url}@{Text(description, "resolved-ref")}";
            var path = Text(description, "path");
            return new() { ["vcs_url"] = path is null or "." ? at : $"{at}#{path}" };
        }

        return [];
    }

    /// <summary>The lowest version an SDK constraint allows: <c>&gt;=3.3.0 &lt;4.0.0</c> and <c>^3.3.0</c> give 3.3.0; anything else none.</summary>
    private static string? MinimumSdkVersion(string? constraint) =>
        constraint is not null && LowerBound().Match(constraint) is { Success: true } match ? match.Groups["version"].Value : null;

    private static YamlNode? Child(YamlMappingNode? mapping, string key) =>
        mapping is not null && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Text(YamlMappingNode? mapping, string key) => Child(mapping, key) is YamlScalarNode { Value: { Length: > 0 } value } ? value : null;

    [GeneratedRegex(@"^(\^|>=)(?<version>\d+\.\d+(\.\d+)?(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?)( |$)")]
    private static partial Regex LowerBound();
}
