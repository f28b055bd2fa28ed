using Gantry.Core;
using Gantry.Engine.Scanning;

namespace Gantry.Engine.Tests.Scanning;

public sealed class BaseLayerPrefixTests
{
    [Fact]
    public void Should_Count_Every_Base_Layer_When_The_Image_Starts_With_Them()
    {
        var image = Layers(("b0", "d0"), ("b1", "d1"), ("b2", "d2"));

        Assert.Equal(2, BaseLayerPrefix.Length(image, Layers(("b0", "d0"), ("b1", "d1"))));
    }

    [Fact]
    public void Should_Match_By_DiffId_When_The_Base_Was_Pushed_With_Another_Compression()
    {
        var image = Layers(("gzip0", "d0"), ("gzip1", "d1"));

        Assert.Equal(1, BaseLayerPrefix.Length(image, Layers(("zstd0", "d0"))));
    }

    [Fact]
    public void Should_Stop_At_The_First_Differing_Layer_When_The_Base_Is_Not_A_Prefix()
    {
        var image = Layers(("b0", "d0"), ("b1", "d1"), ("b2", "d2"));

        Assert.Equal(1, BaseLayerPrefix.Length(image, Layers(("b0", "d0"), ("x1", "x1"), ("b2", "d2"))));
        Assert.Equal(0, BaseLayerPrefix.Length(image, Layers(("b1", "d1"))));
    }

    [Fact]
    public void Should_Count_Only_The_Images_Layers_When_The_Base_Has_More()
    {
        var image = Layers(("b0", "d0"));

        Assert.Equal(1, BaseLayerPrefix.Length(image, Layers(("b0", "d0"), ("b1", "d1"))));
    }

    [Fact]
    public void Should_Compare_In_Layer_Order_When_The_Lists_Are_Not_Sorted()
    {
        var image = Layers(("b0", "d0"), ("b1", "d1")).AsEnumerable().Reverse().ToList();

        Assert.Equal(2, BaseLayerPrefix.Length(image, Layers(("b0", "d0"), ("b1", "d1"))));
    }

    private static List<LayerDescription> Layers(params (string Blob, string DiffId)[] layers) =>
        layers.Select((l, i) => new LayerDescription { Index = i, Digest = "sha256:" + l.Blob, DiffId = "sha256:" + l.DiffId }).ToList();
}
