using System.Text.RegularExpressions;
using Gantry.Cataloging.Common;
using Gantry.Core;

namespace Gantry.Cataloging.Ruby;

/// <summary>
/// Installed gems from the stub gemspecs RubyGems writes into <c>specifications/</c>. They are Ruby code,
/// but generated in a fixed shape (<c>s.name = "rack".freeze</c>), so the assignments are read with
/// patterns; nothing is evaluated.
/// </summary>
internal sealed partial class GemspecCataloger : ICataloger
{
    public string Name => "ruby-installed-gemspec-cataloger";

    public IReadOnlyList<string> RequestedGlobs { get; } = ["**/specifications/*.gemspec"];

    public ValueTask<CatalogResult> CatalogAsync(CatalogContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(FileCatalog.Run(context, RequestedGlobs, Parse, cancellationToken));

    private CatalogResult Parse(CatalogFile file)
    {
        var text = file.Text;
        var name = NamePattern().Match(text);
        var version = VersionPattern().Match(text);
        if (!name.Success || !version.Success)
        {
            return new CatalogResult([], [], [FileCatalog.Malformed(file, "no name or version assignment")]);
        }

        var licenses = LicensesPattern().Match(text) is { Success: true } l
            ? QuotedPattern().Matches(l.Groups["list"].Value).Select(m => m.Groups["value"].Value).ToList()
            : [];
        var metadata = new MetadataBuilder()
            .Add("homepage", HomepagePattern().Match(text) is { Success: true } h ? h.Groups["value"].Value : null)
            .Add("authors", AuthorsPattern().Match(text) is { Success: true } a
                ? string.Join(", ", QuotedPattern().Matches(a.Groups["list"].Value).Select(m => m.Groups["value"].Value))
                : null)
            .Build();
        return new CatalogResult([GemPackageFactory.Create(name.Groups["value"].Value, version.Groups["value"].Value, Name, file.Location, licenses, metadata)], [], []);
    }

    [GeneratedRegex("""\.name\s*=\s*["'](?<value>[^"']+)["']""", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex("""\.version\s*=\s*(?:Gem::Version\.new\()?["'](?<value>[^"']+)["']""", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();

    [GeneratedRegex("""\.licenses?\s*=\s*(?<list>\[[^\]]*\]|["'][^"']*["'])""", RegexOptions.CultureInvariant)]
    private static partial Regex LicensesPattern();

    [GeneratedRegex("""\.authors?\s*=\s*(?<list>\[[^\]]*\]|["'][^"']*["'])""", RegexOptions.CultureInvariant)]
    private static partial Regex AuthorsPattern();

    [GeneratedRegex("""\.homepage\s*=\s*["'](?<value>[^"']+)["']""", RegexOptions.CultureInvariant)]
    private static partial Regex HomepagePattern();

    [GeneratedRegex("""["'](?<value>[^"']*)["']""", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedPattern();
}
