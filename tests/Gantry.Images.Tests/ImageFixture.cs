using Gantry.Images;
using Gantry.Images.FileSystem;
using Gantry.Images.Layers;
using Gantry.Images.Sources;
using Gantry.TestKit.Images;

namespace Gantry.Images.Tests;

/// <summary>Writes synthetic images to a temp folder and walks them the way the engine does.</summary>
internal sealed class ImageFixture : IDisposable
{
    public ImageFixture() => Directory.CreateDirectory(Root);

    public string Root { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gantry-images-tests", Guid.NewGuid().ToString("N"));

    public string Path(string name) => System.IO.Path.Combine(Root, name);

    public string WriteDockerArchive(BuiltImage image, string name = "image.tar")
    {
        SyntheticImage.WriteDockerArchive(image, Path(name));
        return "docker-archive:" + Path(name);
    }

    public string WriteOciArchive(BuiltImage image, string name = "image.oci.tar")
    {
        SyntheticImage.WriteOciArchive(image, Path(name));
        return "oci-archive:" + Path(name);
    }

    public string WriteOciLayout(BuiltImage image, string name = "layout")
    {
        SyntheticImage.WriteOciLayout(image, Path(name));
        return "oci-dir:" + Path(name);
    }

    public static async Task<FileSystemView> WalkAsync(string source, IEnumerable<string>? globs = null, AnalysisLimits? limits = null, ImageSelector? selector = null)
    {
        using var image = ImageOpener.OpenLocal(SourceSpec.Parse(source), selector ?? ImageSelector.Default);
        return await LayerWalker.WalkAsync(image, globs ?? ["**/*"], limits ?? AnalysisLimits.Default, null, [], null, CancellationToken.None);
    }

    public static ContainerImage Open(string source, ImageSelector? selector = null) =>
        ImageOpener.OpenLocal(SourceSpec.Parse(source), selector ?? ImageSelector.Default);

    public static string Text(FileSystemView view, string path) =>
        view.TryReadFile(path, out var content) ? System.Text.Encoding.UTF8.GetString(content.Span) : throw new FileNotFoundException(path);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
