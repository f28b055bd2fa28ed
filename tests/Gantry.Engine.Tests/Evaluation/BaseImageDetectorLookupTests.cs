using Gantry.Core;
using Gantry.Engine.Evaluation;
using Gantry.Images.Registry;

namespace Gantry.Engine.Tests.Evaluation;

/// <summary>The evaluate/gate side of the base image lookup; the lookups that reach a registry are in the integration tests.</summary>
public sealed class BaseImageDetectorLookupTests
{
    [Fact]
    public async Task Should_Keep_The_History_Guess_And_Say_Why_When_The_Base_Name_Cannot_Be_Looked_Up()
    {
        var image = new ImageDescription
        {
            Input = "test",
            Kind = "oci-dir",
            Layers = [new LayerDescription { Index = 0, Digest = "sha256:b0", DiffId = "sha256:l0" }, new LayerDescription { Index = 1, Digest = "sha256:b1", DiffId = "sha256:l1" }],
            Annotations = new Dictionary<string, string> { ["org.opencontainers.image.base.name"] = "debian:12" },
            Config = new ImageConfigSummary
            {
                History = [new HistoryEntry("ADD rootfs.tar /", null, false, null), new HistoryEntry("/bin/sh -c #(nop)  CMD [\"bash\"]", null, true, null), new HistoryEntry("COPY app /app", null, false, null)],
            },
        };

        var (facts, notes) = await BaseImageDetector.DetectAsync(image, RegistryOptions.Default, CancellationToken.None);

        Assert.Equal("debian:12", facts!.Reference);
        Assert.Equal(["sha256:l0"], facts.LayerDiffIds);
        Assert.Equal(["base image debian:12: the name has no registry host, so its layers were not looked up"], notes);
    }
}
