using Gantry.Core;
using Gantry.Engine.Evaluation;

namespace Gantry.Engine.Tests.Evaluation;

public sealed class BaseImageDetectorTests
{
    [Fact]
    public void Should_Count_The_Layers_Before_The_Base_Images_Cmd_As_Base_Layers()
    {
        var image = Image(
            [("ADD rootfs.tar /", false), ("/bin/sh -c #(nop)  CMD [\"bash\"]", true), ("/bin/sh -c apt-get install -y curl", false), ("COPY app /app", false)],
            annotations: []);

        var facts = BaseImageDetector.Detect(image)!;

        Assert.Equal(["sha256:l0"], facts.LayerDiffIds);
    }

    [Fact]
    public void Should_Read_The_Base_Name_And_Digest_From_The_Oci_Annotations()
    {
        var image = Image([("ADD rootfs.tar /", false)], new Dictionary<string, string>
        {
            ["org.opencontainers.image.base.name"] = "docker.io/library/debian:12",
            ["org.opencontainers.image.base.digest"] = "sha256:abc",
        });

        var facts = BaseImageDetector.Detect(image)!;

        Assert.Equal("docker.io/library/debian:12", facts.Reference);
        Assert.Equal("sha256:abc", facts.Digest);
        Assert.Empty(facts.LayerDiffIds);
    }

    [Fact]
    public void Should_Know_Nothing_When_The_Last_Cmd_Ends_The_Image()
    {
        var image = Image([("ADD rootfs.tar /", false), ("/bin/sh -c #(nop)  CMD [\"bash\"]", true)], annotations: []);

        Assert.Null(BaseImageDetector.Detect(image));
    }

    private static ImageDescription Image((string CreatedBy, bool Empty)[] history, Dictionary<string, string> annotations)
    {
        var layers = history.Where(h => !h.Empty).Select((h, i) => new LayerDescription { Index = i, Digest = $"sha256:b{i}", DiffId = $"sha256:l{i}", CreatedBy = h.CreatedBy }).ToList();
        return new ImageDescription
        {
            Input = "test",
            Kind = "docker-archive",
            Layers = layers,
            Annotations = annotations,
            Config = new ImageConfigSummary { History = history.Select(h => new HistoryEntry(h.CreatedBy, null, h.Empty, null)).ToList() },
        };
    }
}
