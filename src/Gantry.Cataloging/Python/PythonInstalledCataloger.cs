using Gantry.Cataloging.Common;
using Gantry.Core;
using Gantry.Images.FileSystem;

namespace Gantry.Cataloging.Python;

/// <summary>
/// Installed Python distributions: <c>*.dist-info/METADATA</c> (files from the sibling <c>RECORD</c>) and
/// <c>*.egg-info/PKG-INFO</c> or a single-file <c>*.egg-info</c>. Requires-Dist entries become
/// dependency relationships to distributions installed in the same folder.
/// </summary>
internal sealed class PythonInstalledCataloger : ICataloger
{
    private static readonly string[] MetadataGlobs = ["**/*.dist-info/METADATA", "**/*.egg-info/PKG-INFO", "**/*.egg-info"];

    public string Name => "python-installed-package-cataloger";

    public IReadOnlyList<string> RequestedGlobs { get; } = [.. MetadataGlobs, "**/*.dist-info/RECORD", "**/*.egg-info/installed-files.txt"];

    public ValueTask<CatalogResult> CatalogAsync(CatalogContext context, CancellationToken cancellationToken)
    {
        var requirements = new Dictionary<Package, IReadOnlyList<string>>();
        var result = FileCatalog.Run(context, MetadataGlobs, file =>
        {
            var metadata = CoreMetadataParser.Parse(file.Text);
            if (metadata.Name is null || metadata.Version is null)
            {
                return new CatalogResult([], [], [FileCatalog.Malformed(file, "no Name or Version field")]);
            }

            var package = PythonPackageFactory.Create(metadata.Name, metadata.Version, Name, file.Location,
                metadata.License is { } license ? [license] : [], InstalledFiles(context.Files, file.Path),
                new MetadataBuilder().Add("author", metadata.Author).Add("homepage", metadata.HomePage).Add("summary", metadata.Summary)
                    .Add("sitePackages", SitePackages(file.Path)).Build());
            requirements[package] = metadata.RequiresDist;
            return new CatalogResult([package], [], []);
        }, cancellationToken);
        return ValueTask.FromResult(result with { Relationships = Dependencies(requirements) });
    }

    /// <summary>The folder holding the metadata folder: where the distribution's RECORD paths are relative to.</summary>
    private static string SitePackages(string metadataPath)
    {
        var folder = ImagePath.Parent(metadataPath);
        return metadataPath.EndsWith(".egg-info", StringComparison.Ordinal) ? folder : ImagePath.Parent(folder);
    }

    /// <summary>The metadata file itself plus every path RECORD (wheel) or installed-files.txt (egg) lists.</summary>
    private static List<string> InstalledFiles(IFileResolver files, string metadataPath)
    {
        var owned = new SortedSet<string>(StringComparer.Ordinal) { metadataPath };
        var folder = ImagePath.Parent(metadataPath);
        if (files.TryReadFile(folder + "/RECORD", out var record))
        {
            var root = ImagePath.Parent(folder);
            foreach (var line in System.Text.Encoding.UTF8.GetString(record.Span).Split('\n'))
            {
                // "path,sha256=...,size"; a path containing ',' is quoted, which RECORD writers avoid in practice.
                var path = line.Split(',')[0].Trim().Trim('"');
                if (path.Length > 0)
                {
                    owned.Add(ImagePath.Clamp(ImagePath.Combine(root, path)));
                }
            }
        }
        else if (files.TryReadFile(folder + "/installed-files.txt", out var installed))
        {
            foreach (var line in System.Text.Encoding.UTF8.GetString(installed.Span).Split('\n'))
            {
                if (line.Trim() is { Length: > 0 } path)
                {
                    owned.Add(ImagePath.Clamp(ImagePath.Combine(folder, path)));
                }
            }
        }

        return [.. owned];
    }

    private static List<Relationship> Dependencies(Dictionary<Package, IReadOnlyList<string>> requirements)
    {
        var bySiteAndName = requirements.Keys
            .GroupBy(p => (p.GetMetadata("sitePackages"), PythonPackageFactory.Normalize(p.Name)))
            .ToDictionary(g => g.Key, g => g.First());
        return requirements
            .SelectMany(r => r.Value
                .Select(CoreMetadataParser.RequiredName)
                .OfType<string>()
                .Select(name => bySiteAndName.GetValueOrDefault((r.Key.GetMetadata("sitePackages"), PythonPackageFactory.Normalize(name))))
                .OfType<Package>()
                .Select(dependency => new Relationship(dependency.Id, r.Key.Id, Relationship.DependencyOf)))
            .Distinct()
            .ToList();
    }
}
