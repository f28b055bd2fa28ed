namespace Gantry.TestKit.Images;

/// <summary>
/// A real Debian application image made by <c>build-app-image.sh</c> on the <see cref="RealDebianImage"/>'s root file
/// system: <c>apt-get install</c> of python3-yaml, libjackson2-core-java, ruby-rack, node-semver, docker-registry and
/// python3-six in a chroot (layer 2), an npm project from the npm registry in <c>/app</c> (layer 3), and
/// <c>dpkg --purge python3-six</c> (layer 4). Built once per machine and cached like the base image.
/// </summary>
public sealed class RealAppImage
{
    /// <summary>The Debian packages <c>apt-get install</c> was asked for that are still in the final image.</summary>
    public static readonly string[] InstalledPackages = ["python3-yaml", "libjackson2-core-java", "ruby-rack", "node-semver", "docker-registry"];

    /// <summary>Installed in layer 2 and purged in layer 4.</summary>
    public const string PurgedPackage = "python3-six";

    private static readonly Lazy<Task<RealAppImage>> Built = new(BuildAsync);

    private RealAppImage(string directory) => Directory = directory;

    /// <summary>The build folder: <c>oci/</c> (tag app:1), <c>app.oci.tar</c>, and <c>rootfs/</c> (the final root file system).</summary>
    public string Directory { get; }

    public string OciArchive => Path.Combine(Directory, "app.oci.tar");

    public string RootFs => Path.Combine(Directory, "rootfs");

    public static Task<RealAppImage> GetAsync() => Built.Value;

    private static async Task<RealAppImage> BuildAsync()
    {
        var baseImage = await RealDebianImage.GetAsync();
        string[] scripts = [Path.Combine(SharedPaths.Tools, "build-test-image.sh"), Path.Combine(SharedPaths.RepositoryRoot, "tests/Gantry.TestKit/Images/build-app-image.sh")];
        return new RealAppImage(await CachedBuild.RunAsync("debian12-app", scripts, directory => [baseImage.RootFs, directory], TimeSpan.FromMinutes(10)));
    }
}
