using Gantry.Core;
using Gantry.Images.FileSystem;
using Gantry.Images.Layers;
using Gantry.Images.Sources;
using Gantry.TestKit.Images;

namespace Gantry.Cataloging.Tests.Fixtures;

/// <summary>Runs catalogers the way the engine does: one walk requesting their globs, then each that reads the source over the view.</summary>
internal static class Catalog
{
    public static async Task<(CatalogResult Result, FileSystemView View)> DirectoryAsync(string root, params ICataloger[] catalogers)
    {
        var view = await LayerWalker.WalkDirectoryAsync(root, catalogers.SelectMany(c => c.RequestedGlobs), AnalysisLimits.Default,
            catalogers.SelectMany(c => c.Extractors), CancellationToken.None);
        return (await RunAsync(view, catalogers, projectFolder: true), view);
    }

    public static async Task<(CatalogResult Result, FileSystemView View)> RunFilesAsync(string root, ICataloger cataloger, Distro distro)
    {
        var view = await LayerWalker.WalkDirectoryAsync(root, cataloger.RequestedGlobs, AnalysisLimits.Default, cataloger.Extractors, CancellationToken.None);
        return (await RunAsync(view, [cataloger], projectFolder: true, distro), view);
    }

    /// <summary>Writes <paramref name="image"/> as an OCI layout and catalogs it through the tar walk, extractors included.</summary>
    public static async Task<(CatalogResult Result, FileSystemView View)> ImageAsync(BuiltImage image, params ICataloger[] catalogers)
    {
        var layout = Directory.CreateTempSubdirectory("gantry-catalog-image-").FullName;
        try
        {
            SyntheticImage.WriteOciLayout(image, layout);
            using var opened = ImageOpener.OpenLocal(SourceSpec.Parse("oci-dir:" + layout), ImageSelector.Default);
            var view = await LayerWalker.WalkAsync(opened, catalogers.SelectMany(c => c.RequestedGlobs), AnalysisLimits.Default, null,
                catalogers.SelectMany(c => c.Extractors), null, CancellationToken.None);
            return (await RunAsync(view, catalogers, projectFolder: false), view);
        }
        finally
        {
            Directory.Delete(layout, recursive: true);
        }
    }

    public static async Task<CatalogResult> RunAsync(IFileResolver view, IEnumerable<ICataloger> catalogers, bool projectFolder, Distro? distro = null)
    {
        var context = new CatalogContext(view, distro, projectFolder);
        var packages = new List<Package>();
        var relationships = new List<Relationship>();
        var diagnostics = new List<Diagnostic>();
        foreach (var cataloger in catalogers.Where(context.IsReadBy))
        {
            var result = await cataloger.CatalogAsync(context, CancellationToken.None);
            packages.AddRange(result.Packages);
            relationships.AddRange(result.Relationships);
            diagnostics.AddRange(result.Diagnostics);
        }

        return new CatalogResult(packages, relationships, diagnostics);
    }
}
