namespace Gantry.TestKit.Images;

/// <summary>
/// The real Debian 12 image made by <c>shared/tools/build-test-image.sh</c> (debootstrap + umoci +
/// skopeo), built once and cached in a temp folder keyed by the script's hash, so every test run
/// and every test assembly shares one build.
/// </summary>
public sealed class RealDebianImage
{
    private static readonly SemaphoreSlim InProcess = new(1, 1);
    private static RealDebianImage? _built;

    private RealDebianImage(string directory) => Directory = directory;

    /// <summary>The build folder: <c>rootfs/</c>, <c>oci/</c>, <c>debian12.docker.tar</c>, <c>debian12.oci.tar</c>.</summary>
    public string Directory { get; }

    public string DockerArchive => Path.Combine(Directory, "debian12.docker.tar");

    public string OciArchive => Path.Combine(Directory, "debian12.oci.tar");

    public string OciLayout => Path.Combine(Directory, "oci");

    public string RootFs => Path.Combine(Directory, "rootfs");

    public static async Task<RealDebianImage> GetAsync()
    {
        await InProcess.WaitAsync();
        try
        {
            return _built ??= await BuildAsync();
        }
        finally
        {
            InProcess.Release();
        }
    }

    private static async Task<RealDebianImage> BuildAsync()
    {
        var script = Path.Combine(SharedPaths.Tools, "build-test-image.sh");
        return new RealDebianImage(await CachedBuild.RunAsync("debian12", [script], directory => [directory], TimeSpan.FromMinutes(10)));
    }
}
