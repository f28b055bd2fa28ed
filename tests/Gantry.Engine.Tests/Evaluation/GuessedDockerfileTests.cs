using Gantry.Core;
using Gantry.Engine.Evaluation;

namespace Gantry.Engine.Tests.Evaluation;

public sealed class GuessedDockerfileTests
{
    [Fact]
    public void Should_Add_Expose_And_User_From_The_Config_When_The_History_Does_Not_State_Them()
    {
        var image = Image(["debootstrap --variant=minbase bookworm", "COPY app /app"], ports: ["22/tcp"], user: "root");

        var dockerfile = GuessedDockerfile.FromImage(image)!;

        Assert.Contains(dockerfile.Instructions, i => i.Keyword == "EXPOSE" && i.Arguments == "22/tcp");
        Assert.Contains(dockerfile.Instructions, i => i.Keyword == "USER" && i.Arguments == "root");
    }

    [Fact]
    public void Should_Not_Repeat_A_Port_When_The_History_Exposes_It()
    {
        var image = Image(["/bin/sh -c #(nop)  EXPOSE 22/tcp", "/bin/sh -c #(nop)  USER app"], ports: ["22/tcp"], user: "app");

        var dockerfile = GuessedDockerfile.FromImage(image)!;

        Assert.Single(dockerfile.Instructions, i => i.Keyword == "EXPOSE");
        Assert.Single(dockerfile.Instructions, i => i.Keyword == "USER");
    }

    [Fact]
    public void Should_Return_Null_When_Neither_History_Nor_Config_Says_Anything()
    {
        Assert.Null(GuessedDockerfile.FromImage(Image([], ports: [], user: null)));
    }

    private static ImageDescription Image(string[] history, string[] ports, string? user) => new()
    {
        Input = "test",
        Kind = "docker-archive",
        Config = new ImageConfigSummary
        {
            ExposedPorts = ports,
            User = user,
            History = history.Select(h => new HistoryEntry(h, null, h.Contains("#(nop)", StringComparison.Ordinal), null)).ToList(),
        },
    };
}
