using Gantry.Cataloging.Common;
using Gantry.Core;

namespace Gantry.Cataloging.Npm;

/// <summary>
/// Installed node packages: the <c>package.json</c> at the root of each folder under <c>node_modules</c>
/// (nested and <c>@scope</c>d), Debian's global module folders <c>/usr/share/nodejs</c> and <c>/usr/lib/nodejs</c>,
/// and the application itself: a named, versioned <c>package.json</c> beside an installed <c>node_modules</c>
/// (as Trivy and Syft report it). Other <c>package.json</c> files (tests, sub-folders of a package) are skipped.
/// </summary>
internal sealed class NpmInstalledCataloger : ICataloger
{
    private static readonly string[] Roots = ["/node_modules/", "/usr/share/nodejs/", "/usr/lib/nodejs/"];

    public string Name => "javascript-package-cataloger";

    public IReadOnlyList<string> RequestedGlobs { get; } = ["**/package.json"];

    public ValueTask<CatalogResult> CatalogAsync(CatalogContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(FileCatalog.Run(context, RequestedGlobs, file => Parse(file, context.Files), cancellationToken));

    private CatalogResult Parse(CatalogFile file, Images.FileSystem.IFileResolver files)
    {
        if (!IsPackageRoot(file.Path) && !IsApplicationRoot(file.Path, files))
        {
            return CatalogResult.Empty;
        }

        var json = PackageJsonParser.Parse(file.Content);
        if (json.Name is null || json.Version is null)
        {
            return CatalogResult.Empty; // a package.json without both is a project file, not an installed package
        }

        var metadata = new MetadataBuilder().Add("author", json.Author).Add("homepage", json.Homepage).Add("description", json.Description).Build();
        var package = NpmPackageFactory.Create(json.Name, json.Version, Name, file.Location, json.Licenses, metadata);
        return new CatalogResult([package], [], []);
    }

    /// <summary>A <c>package.json</c> outside any module folder whose folder holds an installed <c>node_modules</c>.</summary>
    private static bool IsApplicationRoot(string path, Images.FileSystem.IFileResolver files) =>
        !Roots.Any(root => path.Contains(root, StringComparison.Ordinal))
        && files.GetFile(path[..path.LastIndexOf('/')] + "/node_modules") is { Kind: Images.FileSystem.FileKind.Directory };

    /// <summary>True for <c>ROOT/name/package.json</c> and <c>ROOT/@scope/name/package.json</c>, where ROOT is a module folder.</summary>
    internal static bool IsPackageRoot(string path)
    {
        foreach (var root in Roots)
        {
            var at = path.LastIndexOf(root, StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            var segments = path[(at + root.Length)..].Split('/');
            return segments is [_, "package.json"] || (segments is [var scope, _, "package.json"] && scope.StartsWith('@'));
        }

        return false;
    }
}
