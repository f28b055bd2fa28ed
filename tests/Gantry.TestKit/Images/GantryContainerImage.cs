namespace Gantry.TestKit.Images;

/// <summary>
/// Gantry's own container image, made by <c>scripts/build-container-image.sh</c> (the Native AOT gantry of
/// <c>scripts/publish-gantry.sh</c> on a debootstrap'd Debian 12, assembled with umoci). Built once per machine and
/// cached like the other real images, keyed by the scripts and every file the publish reads, so a source change
/// rebuilds it and nothing else does.
/// </summary>
public sealed class GantryContainerImage
{
    /// <summary>The tag inside <see cref="OciLayout"/> and <see cref="OciArchive"/>.</summary>
    public const string Tag = "test";

    private static readonly Lazy<Task<GantryContainerImage>> Built = new(BuildAsync);

    private GantryContainerImage(string directory) => Directory = directory;

    /// <summary>The build folder: <c>oci/</c> (OCI layout), <c>gantry.oci.tar</c>, <c>publish/</c> and the Debian <c>rootfs/</c>.</summary>
    public string Directory { get; }

    public string OciLayout => Path.Combine(Directory, "oci");

    public string OciArchive => Path.Combine(Directory, "gantry.oci.tar");

    public static Task<GantryContainerImage> GetAsync() => Built.Value;

    private static async Task<GantryContainerImage> BuildAsync()
    {
        var root = SharedPaths.RepositoryRoot;
        string[] inputs =
        [
            .. PublishInputs(root),
            Path.Combine(root, "scripts", "publish-gantry.sh"),
            // Last: the script CachedBuild runs.
            Path.Combine(root, "scripts", "build-container-image.sh"),
        ];
        var directory = await CachedBuild.RunAsync("gantry-image", inputs, directory => [directory, Tag], TimeSpan.FromMinutes(20));
        return new GantryContainerImage(directory);
    }

    /// <summary>What the publish of src/Gantry.Cli reads: the sources and project files under src, and the build policy.</summary>
    private static IEnumerable<string> PublishInputs(string root)
    {
        var separator = Path.DirectorySeparatorChar;
        var sources = System.IO.Directory.EnumerateFiles(Path.Combine(root, "src"), "*", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{separator}bin{separator}", StringComparison.Ordinal)
                && !file.Contains($"{separator}obj{separator}", StringComparison.Ordinal));
        string[] policy = ["Directory.Build.props", "Directory.Packages.props", "global.json"];
        return sources.Concat(policy.Select(name => Path.Combine(root, name))).Order(StringComparer.Ordinal);
    }
}
