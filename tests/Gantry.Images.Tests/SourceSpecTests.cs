using Gantry.Core;
using Gantry.Images.Sources;

namespace Gantry.Images.Tests;

public sealed class SourceSpecTests
{
    [Theory]
    [InlineData("docker-archive:/x/a.tar", SourceKind.DockerArchive, "/x/a.tar")]
    [InlineData("oci-dir:/x/layout", SourceKind.OciDirectory, "/x/layout")]
    [InlineData("oci-archive:a.tar", SourceKind.OciArchive, "a.tar")]
    [InlineData("dir:/rootfs", SourceKind.Directory, "/rootfs")]
    [InlineData("registry:127.0.0.1:5000/app:1", SourceKind.Registry, "127.0.0.1:5000/app:1")]
    [InlineData("127.0.0.1:5000/app:1", SourceKind.Registry, "127.0.0.1:5000/app:1")]
    [InlineData("sbom:out.json", SourceKind.Sbom, "out.json")]
    public void Should_Parse_Schemes_And_Detect_Registry_References(string value, SourceKind kind, string location)
    {
        var spec = SourceSpec.Parse(value);

        Assert.Equal(kind, spec.Kind);
        Assert.Equal(location, spec.Location);
    }

    [Fact]
    public void Should_Detect_A_Bare_Folder_As_A_Root_File_System_Or_An_Oci_Layout()
    {
        var root = Directory.CreateTempSubdirectory();
        try
        {
            Assert.Equal(SourceKind.Directory, SourceSpec.Parse(root.FullName).Kind);
            File.WriteAllText(Path.Combine(root.FullName, "oci-layout"), "{}");
            Assert.Equal(SourceKind.OciDirectory, SourceSpec.Parse(root.FullName).Kind);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("docker-archive:")]
    [InlineData("no-such-thing")]
    public void Should_Reject_Empty_Or_Unknown_Sources_With_A_Clear_Message(string value)
    {
        var ex = Assert.Throws<InvalidInputException>(() => SourceSpec.Parse(value));
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Theory]
    [InlineData("linux/amd64", "linux", "amd64", null)]
    [InlineData("linux/arm64/v8", "linux", "arm64", "v8")]
    public void Should_Parse_Platforms(string value, string os, string arch, string? variant)
    {
        var platform = ImageSelector.ParsePlatform(value);
        Assert.Equal((os, arch, variant), (platform.Os, platform.Architecture, platform.Variant));
    }

    [Fact]
    public void Should_Reject_A_Malformed_Platform() =>
        Assert.Throws<InvalidInputException>(() => ImageSelector.ParsePlatform("amd64"));
}
