using System.Runtime.Versioning;
using System.Text.Json;
using Gantry.TestKit;
using Gantry.TestKit.Images;
using Gantry.TestKit.Traits;

namespace Gantry.Deploy.Tests.Image;

/// <summary>Gantry's own image, from scripts/build-container-image.sh: its config, and Gantry running from its root file system.</summary>
[Slow(SlowBecause.RealImage)]
[UnsupportedOSPlatform("windows")]
public sealed class ContainerImageTests(UnpackedImage unpacked) : IClassFixture<UnpackedImage>
{
    private const string ImageUser = "65532:65532";

    [Fact]
    public void Should_Run_As_A_Non_Root_User_When_Started_With_The_Image_Config()
    {
        Assert.Equal(ImageUser, unpacked.Config.GetProperty("User").GetString());
        var account = File.ReadAllLines(Path.Combine(unpacked.RootFs, "etc/passwd")).Single(line => line.StartsWith("gantry:", StringComparison.Ordinal));
        Assert.Equal("gantry:x:65532:65532:Gantry:/var/lib/gantry:/usr/sbin/nologin", account);
        Assert.Contains("8228/tcp", unpacked.Config.GetProperty("ExposedPorts").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Should_Need_No_Shell_When_Started_With_The_Image_Config()
    {
        // Exec form: the runtime executes the first element itself, and it is a native executable, not a script.
        Assert.Equal(["/opt/gantry/gantry"], Strings(unpacked.Config.GetProperty("Entrypoint")));
        Assert.Equal(["serve"], Strings(unpacked.Config.GetProperty("Cmd")));
        var magic = new byte[4];
        using (var entrypoint = File.OpenRead(Path.Combine(unpacked.RootFs, "opt/gantry/gantry")))
        {
            entrypoint.ReadExactly(magic);
        }

        Assert.Equal("\u007fELF"u8.ToArray(), magic);
    }

    [Fact]
    public async Task Should_List_The_Same_Packages_As_The_Host_When_Run_In_A_Chroot_As_The_Image_User()
    {
        // Given the test image copied into the unpacked root file system
        var input = await RealDebianImage.GetAsync();
        const string inside = "/tmp/debian12.oci.tar";
        File.Copy(input.OciArchive, unpacked.RootFs + inside, overwrite: true);
        File.SetUnixFileMode(unpacked.RootFs + inside, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        // When the image's entrypoint runs there as the image's user, and the host's gantry reads the same image
        var chrooted = await RunInImageAsync("sbom", "oci-archive:" + inside, "-o", "json");
        var host = await CliHarness.RunAsync("sbom", "oci-archive:" + input.OciArchive, "-o", "json");

        // Then both list the same packages, and the run wrote its cache as that user into its writable home
        Assert.Equal(0, host.ExitCode);
        var expected = Packages(host.Stdout);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, Packages(chrooted));
        var owner = await ProcessRunner.CheckedAsync("stat", "-c", "%u:%g", Path.Combine(unpacked.RootFs, "var/lib/gantry/.cache/gantry/layers"));
        Assert.Equal(ImageUser, owner.Trim());
    }

    /// <summary>
    /// Runs the image's entrypoint with its user and environment in a chroot of the unpacked root, with the /proc and
    /// /dev a container runtime provides (.NET reads /proc/self and /dev/urandom): no shell and no runtime involved.
    /// </summary>
    private async Task<string> RunInImageAsync(params string[] arguments)
    {
        var proc = Path.Combine(unpacked.RootFs, "proc");
        var dev = Path.Combine(unpacked.RootFs, "dev");
        await ProcessRunner.CheckedAsync("mount", "-t", "proc", "proc", proc);
        try
        {
            await ProcessRunner.CheckedAsync("mount", "--bind", "/dev", dev);
            try
            {
                string[] command =
                [
                    "-i", .. Strings(unpacked.Config.GetProperty("Env")),
                    "chroot", "--userspec=" + unpacked.Config.GetProperty("User").GetString(), unpacked.RootFs,
                    .. Strings(unpacked.Config.GetProperty("Entrypoint")), .. arguments,
                ];
                var result = await ProcessRunner.RunAsync("env", command);
                Assert.True(result.ExitCode == 0, $"gantry {string.Join(' ', arguments)} in the image failed ({result.ExitCode}): {result.Stderr}");
                return result.Stdout;
            }
            finally
            {
                await ProcessRunner.CheckedAsync("umount", dev);
            }
        }
        finally
        {
            await ProcessRunner.CheckedAsync("umount", proc);
        }
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    private static List<string> Packages(string sbomJson)
    {
        using var sbom = JsonDocument.Parse(sbomJson);
        return [.. sbom.RootElement.GetProperty("packages").EnumerateArray()
            .Select(p => $"{p.GetProperty("type").GetString()} {p.GetProperty("name").GetString()} {p.GetProperty("version").GetString()}")
            .Order(StringComparer.Ordinal)];
    }
}
