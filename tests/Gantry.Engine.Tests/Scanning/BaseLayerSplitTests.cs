using Gantry.Core;
using Gantry.Engine.Scanning;
using Gantry.Images.Registry;

namespace Gantry.Engine.Tests.Scanning;

/// <summary>The precedence of the split; the cases here never reach a registry (the registry ones are in the integration tests).</summary>
public sealed class BaseLayerSplitTests
{
    [Fact]
    public async Task Should_Take_The_Count_And_Look_Nothing_Up_When_Base_Layers_Is_Given()
    {
        // The annotation names a registry that does not exist: a lookup would warn.
        var image = Image(("org.opencontainers.image.base.name", "registry.invalid/base:1"));

        var split = await BaseLayerSplit.ResolveAsync(image, 1, RegistryOptions.Default, CancellationToken.None);

        Assert.Equal(["sha256:d0"], split.DiffIds);
        Assert.Equal(BaseLayerSplit.FromOption, split.Origin);
        Assert.Equal("registry.invalid/base:1", split.BaseImage);
        Assert.Empty(split.Warnings);
    }

    [Fact]
    public async Task Should_Warn_Without_Looking_Up_When_The_Base_Name_Has_No_Registry_Host()
    {
        var image = Image(("org.opencontainers.image.base.name", "debian:12"));

        var split = await BaseLayerSplit.ResolveAsync(image, null, RegistryOptions.Default, CancellationToken.None);

        Assert.Empty(split.DiffIds);
        Assert.Null(split.Origin);
        var warning = Assert.Single(split.Warnings);
        Assert.StartsWith("base image debian:12: the name has no registry host, so its layers were not looked up; every layer counts as the application's", warning);
    }

    [Fact]
    public async Task Should_Warn_When_Only_The_Base_Digest_Is_Known()
    {
        var image = Image(("org.opencontainers.image.base.digest", "sha256:abc"));

        var split = await BaseLayerSplit.ResolveAsync(image, null, RegistryOptions.Default, CancellationToken.None);

        Assert.Empty(split.DiffIds);
        Assert.Equal("sha256:abc", split.BaseImage);
        Assert.Contains("base image's digest (sha256:abc) but not its name", Assert.Single(split.Warnings));
    }

    [Fact]
    public async Task Should_Warn_Instead_Of_Failing_When_The_Base_Digest_Annotation_Is_Malformed()
    {
        var image = Image(("org.opencontainers.image.base.name", "127.0.0.1:1/base:1"), ("org.opencontainers.image.base.digest", "sha256:nothex"));

        var split = await BaseLayerSplit.ResolveAsync(image, null, RegistryOptions.Default, CancellationToken.None);

        Assert.Empty(split.DiffIds);
        Assert.Contains("base image 127.0.0.1:1/base:1@sha256:nothex: its layers could not be read (base image digest annotation: 'sha256:nothex' is not a valid digest)", Assert.Single(split.Warnings));
    }

    [Fact]
    public async Task Should_Leave_The_Split_Unknown_Silently_When_No_Base_Image_Is_Named()
    {
        var split = await BaseLayerSplit.ResolveAsync(Image(), null, RegistryOptions.Default, CancellationToken.None);

        Assert.Empty(split.DiffIds);
        Assert.Null(split.Origin);
        Assert.Null(split.BaseImage);
        Assert.Empty(split.Warnings);
    }

    [Fact]
    public void Should_Name_The_Base_From_A_Label_When_The_Manifest_Has_No_Annotation()
    {
        var image = Image() with
        {
            Config = new ImageConfigSummary { Labels = new Dictionary<string, string> { ["org.opencontainers.image.base.name"] = "127.0.0.1:5000/base:12" } },
        };

        Assert.Equal("127.0.0.1:5000/base:12", BaseLayerSplit.FromCount(image, null).BaseImage);
    }

    [Fact]
    public void Should_Reject_A_Count_Beyond_The_Images_Layers()
    {
        var error = Assert.Throws<InvalidInputException>(() => BaseLayerSplit.FromCount(Image(), 3));

        Assert.Equal("--base-layers 3: the image has only 2 layers", error.Message);
    }

    private static ImageDescription Image(params (string Key, string Value)[] annotations) => new()
    {
        Input = "test",
        Kind = "oci-dir",
        Layers = [new LayerDescription { Index = 0, Digest = "sha256:b0", DiffId = "sha256:d0" }, new LayerDescription { Index = 1, Digest = "sha256:b1", DiffId = "sha256:d1" }],
        Annotations = annotations.ToDictionary(a => a.Key, a => a.Value),
    };
}
