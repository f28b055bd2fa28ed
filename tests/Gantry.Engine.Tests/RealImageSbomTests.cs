using Gantry.Core;
using Gantry.TestKit;
using Gantry.TestKit.Images;
using Gantry.TestKit.Traits;

namespace Gantry.Engine.Tests;

/// <summary>
/// The real Debian 12 image (debootstrap + umoci + skopeo): the SBOM lists exactly what
/// <c>dpkg-query</c> lists for its root file system, whatever form the image is read from.
/// </summary>
[Slow(SlowBecause.RealImage)]
public sealed class RealImageSbomTests
{
    [Theory]
    [InlineData("docker-archive")]
    [InlineData("oci-archive")]
    [InlineData("oci-dir")]
    [InlineData("dir")]
    public async Task Should_List_Exactly_What_Dpkg_Query_Lists(string kind)
    {
        // Given
        var image = await RealDebianImage.GetAsync();
        var expected = await DpkgQueryAsync(image.RootFs);
        var source = kind switch
        {
            "docker-archive" => "docker-archive:" + image.DockerArchive,
            "oci-archive" => "oci-archive:" + image.OciArchive,
            "oci-dir" => "oci-dir:" + image.OciLayout,
            _ => "dir:" + image.RootFs,
        };

        // When
        var sbom = await new SbomGenerator().GenerateAsync(source, SbomOptions.Default, null, CancellationToken.None);

        // Then
        var debs = sbom.Packages.Where(p => p.Type == PackageType.Deb).Select(p => $"{p.Name}\t{p.Version}").Order(StringComparer.Ordinal).ToList();
        Assert.True(expected.Count > 80, $"dpkg-query listed only {expected.Count} packages");
        Assert.Equal(expected, debs);
        Assert.Equal("debian", sbom.Distro!.Id);
        Assert.Equal("12", sbom.Distro.VersionId);
        Assert.DoesNotContain(sbom.Diagnostics, d => d.Code is DiagnosticCodes.MalformedPackageEntry or DiagnosticCodes.CatalogerFailed);
    }

    [Fact]
    public async Task Should_Describe_The_Image_And_Attribute_Packages_To_The_Base_Layer()
    {
        var image = await RealDebianImage.GetAsync();

        var sbom = await new SbomGenerator().GenerateAsync("docker-archive:" + image.DockerArchive, SbomOptions.Default, null, CancellationToken.None);

        var source = sbom.Source;
        Assert.Equal(4, source.Layers.Count);
        Assert.Equal(["22/tcp"], source.Config.ExposedPorts);
        Assert.Equal("root", source.Config.User);
        Assert.Equal("debootstrap --variant=minbase bookworm", source.Layers[0].CreatedBy);
        Assert.Equal("COPY app /app", source.Layers[1].CreatedBy);
        Assert.StartsWith("sha256:", source.ConfigDigest, StringComparison.Ordinal);
        Assert.All(sbom.Packages.Where(p => p.Type == PackageType.Deb), p => Assert.Equal(source.Layers[0].DiffId, p.LayerDiffId));

        // The same language packages Trivy lists for this image (peer-trivy.sh): the app and its two modules.
        Assert.Equal(["demo-app 1.0.0", "lodash 4.17.20", "minimist 1.2.5"],
            sbom.Packages.Where(p => p.Type == PackageType.Npm).Select(p => $"{p.Name} {p.Version}"));
        Assert.Equal(["requests 2.25.0"], sbom.Packages.Where(p => p.Type == PackageType.Python).Select(p => $"{p.Name} {p.Version}"));

        var bash = sbom.Packages.Single(p => p.Name == "bash");
        Assert.Equal($"pkg:deb/debian/bash@{bash.Version}?arch=amd64&distro=debian-12&upstream=bash%40{bash.GetMetadata("sourceVersion")}", bash.Purl!.ToString());
        Assert.Equal("bash", bash.GetMetadata("sourceName"));
        Assert.Contains("/bin/bash", bash.Files);
        Assert.Equal([new Location("/var/lib/dpkg/status", source.Layers[0].DiffId)], bash.Locations);
    }

    internal static async Task<List<string>> DpkgQueryAsync(string rootfs)
    {
        var output = await ProcessRunner.CheckedAsync("dpkg-query", "-W", "--admindir=" + Path.Combine(rootfs, "var/lib/dpkg"), "-f", "${Package}\t${Version}\n");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();
    }
}
