using Gantry.Core;
using Gantry.Policy.Dockerfile;
using static Gantry.Policy.Tests.TestInputs;

namespace Gantry.Policy.Tests.Gates;

public class DockerfileGateTests
{
    private static readonly HistoryEntry[] Ssh =
    [
        History("/bin/sh -c #(nop) ADD file:abc in / "),
        History("/bin/sh -c apt-get update && apt-get install -y openssh-server"),
        History("/bin/sh -c #(nop)  EXPOSE 22/tcp"),
        History("/bin/sh -c #(nop)  CMD [\"/usr/sbin/sshd\",\"-D\"]"),
    ];

    [Fact]
    public void Should_FireExposedPorts_When_DeniedPortIsExposed()
    {
        var row = Assert.Single(Run(Input(history: Ssh), "dockerfile", "exposed_ports", ("ports", "22"), ("type", "blacklist")));

        Assert.Equal("Dockerfile exposes port (22/tcp) which is in policy file DENIEDPORTS list", row.CheckOutput);
        Assert.Equal("94f1be4261f132c97cbb7a32f631a0e1", row.TriggerId); // md5("dockerfile" + "exposed_ports" + message), computed with Python
    }

    [Fact]
    public void Should_NotFireExposedPorts_When_OnlyOtherPortsAreExposed()
    {
        Assert.Empty(Run(Input(history: Ssh), "dockerfile", "exposed_ports", ("ports", "80,443"), ("type", "blacklist")));
    }

    [Fact]
    public void Should_FireForUnlistedPorts_When_TypeIsWhitelist()
    {
        var history = new[] { History("EXPOSE map[22/tcp:{} 443/tcp:{}]") };

        var row = Assert.Single(Run(Input(history: history), "dockerfile", "exposed_ports", ("ports", "443"), ("type", "whitelist")));

        Assert.Equal("Dockerfile exposes port (22/tcp) which is not in policy file ALLOWEDPORTS list", row.CheckOutput);
    }

    [Fact]
    public void Should_SkipGuessedDockerfile_When_ActualDockerfileOnly()
    {
        Assert.Empty(Run(Input(history: Ssh), "dockerfile", "exposed_ports", ("ports", "22"), ("type", "blacklist"), ("actual_dockerfile_only", "true")));
    }

    [Fact]
    public void Should_UseActualDockerfile_When_OneIsGiven()
    {
        var input = Input(history: Ssh) with { Dockerfile = DockerfileParser.Parse("FROM debian:12\nARG PORT=8080\nEXPOSE ${PORT}\nUSER app\n") };

        Assert.Empty(Run(input, "dockerfile", "exposed_ports", ("ports", "22"), ("type", "blacklist"), ("actual_dockerfile_only", "true")));
        Assert.Single(Run(input, "dockerfile", "exposed_ports", ("ports", "8080"), ("type", "blacklist"), ("actual_dockerfile_only", "true")));
        Assert.Empty(Run(input, "dockerfile", "no_dockerfile_provided"));
    }

    [Fact]
    public void Should_FireNoDockerfileProvided_When_DockerfileIsGuessed()
    {
        var row = Assert.Single(Run(Input(history: Ssh), "dockerfile", "no_dockerfile_provided"));

        Assert.Equal("Image was not analyzed with an actual Dockerfile", row.CheckOutput);
    }

    [Theory]
    [InlineData("HEALTHCHECK", "not_exists", null, "Dockerfile directive 'HEALTHCHECK' not found, matching condition 'not_exists' check")]
    [InlineData("CMD", "exists", null, "Dockerfile directive 'CMD' check 'exists' matched against '' for line '[\"/usr/sbin/sshd\",\"-D\"]'")]
    [InlineData("RUN", "like", ".*openssh.*", "Dockerfile directive 'RUN' check 'like' matched against '.*openssh.*' for line 'apt-get update && apt-get install -y openssh-server'")]
    [InlineData("ADD", "=", "file:abc in /", "Dockerfile directive 'ADD' check '=' matched against 'file:abc in /' for line 'file:abc in /'")]
    public void Should_FireInstruction_When_ConditionHolds(string instruction, string check, string? value, string message)
    {
        var parameters = new List<(string, string)> { ("instruction", instruction), ("check", check) };
        if (value is not null)
        {
            parameters.Add(("value", value));
        }

        var row = Assert.Single(Run(Input(history: Ssh), "dockerfile", "instruction", [.. parameters]));

        Assert.Equal(message, row.CheckOutput);
    }

    [Theory]
    [InlineData("CMD", "not_exists", null)]
    [InlineData("RUN", "not_like", ".*openssh.*")]
    [InlineData("USER", "in", "root,app")]
    public void Should_NotFireInstruction_When_ConditionFails(string instruction, string check, string? value)
    {
        var parameters = new List<(string, string)> { ("instruction", instruction), ("check", check) };
        if (value is not null)
        {
            parameters.Add(("value", value));
        }

        Assert.Empty(Run(Input(history: Ssh), "dockerfile", "instruction", [.. parameters]));
    }

    [Fact]
    public void Should_TreatRootAsEffectiveUser_When_NoUserInstruction()
    {
        var row = Assert.Single(Run(Input(history: Ssh), "dockerfile", "effective_user", ("users", "root"), ("type", "blacklist")));

        Assert.Equal("User root found as effective user, which is explicity not allowed list", row.CheckOutput);
        Assert.Empty(Run(Input(history: Ssh), "dockerfile", "effective_user", ("users", "root,app"), ("type", "whitelist")));
    }

    [Fact]
    public void Should_UseLastUser_When_SeveralUserInstructions()
    {
        var history = new[] { History("USER root"), History("RUN /bin/sh -c id # buildkit"), History("USER app") };

        Assert.Empty(Run(Input(history: history), "dockerfile", "effective_user", ("users", "root"), ("type", "blacklist")));
        Assert.Single(Run(Input(history: history), "dockerfile", "effective_user", ("users", "root"), ("type", "whitelist")));
    }

    [Fact]
    public void Should_UseFinalStageUser_When_ActualDockerfileIsMultiStage()
    {
        var input = Input() with { Dockerfile = DockerfileParser.Parse("FROM golang AS build\nUSER builder\nFROM debian:12\nCOPY --from=build /out /app\n") };

        Assert.Equal("User root found as effective user, which is not on the allowed list",
            Assert.Single(Run(input, "dockerfile", "effective_user", ("users", "builder"), ("type", "whitelist"))).CheckOutput);
    }
}
