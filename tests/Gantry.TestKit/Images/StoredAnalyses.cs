using Gantry.Engine;
using Gantry.Engine.Stored;
using Gantry.Images.FileSystem;

namespace Gantry.TestKit.Images;

/// <summary>A <see cref="StoredAnalysis"/> of a synthetic image, as the service would keep it, without a registry.</summary>
public static class StoredAnalyses
{
    public static async Task<StoredAnalysis> OfAsync(SyntheticImage image, string workFolder)
    {
        ArgumentNullException.ThrowIfNull(image);
        var built = image.Build();
        var layout = Path.Combine(workFolder, "layout-" + Guid.NewGuid().ToString("N"));
        SyntheticImage.WriteOciLayout(built, layout);
        var analysis = await new GantryEngine().Sbom.AnalyzeAsync("oci-dir:" + layout, SbomOptions.Default, [], null, CancellationToken.None);
        return new StoredAnalysis(analysis.Sbom, FileSystemSnapshot.Capture(analysis.Files), built.Manifest, built.Config);
    }
}
