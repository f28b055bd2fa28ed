using Gantry.Policy.Dockerfile;

namespace Gantry.Policy.Tests.Dockerfile;

public class DockerfileParserTests
{
    [Fact]
    public void Should_JoinContinuationLines_When_LineEndsWithBackslash()
    {
        var dockerfile = DockerfileParser.Parse("FROM debian:12\nRUN apt-get update && \\\n    # a comment inside\n    apt-get install -y curl\n");

        var run = dockerfile.Instructions[1];
        Assert.Equal(("RUN", "apt-get update &&     apt-get install -y curl", 2), (run.Keyword, run.Arguments, run.Line));
    }

    [Fact]
    public void Should_HonourEscapeDirective_When_Backtick()
    {
        var dockerfile = DockerfileParser.Parse("# escape=`\nFROM mcr.microsoft.com/windows\nRUN dir `\n  c:\\\n");

        Assert.Equal("dir   c:\\", dockerfile.Instructions[1].Arguments);
    }

    [Fact]
    public void Should_ReadHeredocBody_When_InstructionOpensOne()
    {
        var dockerfile = DockerfileParser.Parse("FROM alpine\nRUN <<EOF\napk add curl\necho done\nEOF\nCOPY <<-\"CONF\" /etc/app.conf\n\tkey=value\n\tCONF\nUSER app\n");

        Assert.Equal(["FROM", "RUN", "COPY", "USER"], dockerfile.Instructions.Select(i => i.Keyword));
        Assert.Equal("<<EOF\napk add curl\necho done", dockerfile.Instructions[1].Arguments);
        Assert.Equal("<<-\"CONF\" /etc/app.conf\nkey=value", dockerfile.Instructions[2].Arguments);
    }

    [Fact]
    public void Should_ParseExecForm_When_ArgumentsAreJson()
    {
        var dockerfile = DockerfileParser.Parse("FROM alpine\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\nENTRYPOINT /bin/sh -c 'run'\n");

        Assert.Equal(["nginx", "-g", "daemon off;"], dockerfile.Instructions[1].ExecForm!);
        Assert.Null(dockerfile.Instructions[2].ExecForm);
    }

    [Theory]
    [InlineData("[\"sh\", 1]")]
    [InlineData("[\"sh\", null]")]
    [InlineData("[[\"sh\"]]")]
    [InlineData("[\"sh\"] trailing")]
    [InlineData("[\"sh\"")]
    [InlineData("[sh]")]
    public void Should_ReadShellForm_When_ArgumentsOnlyLookLikeAJsonArrayOfStrings(string arguments)
    {
        var dockerfile = DockerfileParser.Parse($"FROM alpine\nCMD {arguments}\n");

        Assert.Null(dockerfile.Instructions[1].ExecForm);
    }

    [Fact]
    public void Should_KeepEscapes_When_ExecFormIsDecoded()
    {
        var dockerfile = DockerfileParser.Parse("FROM alpine\nCMD [\"echo\", \"a\\\"b\", \"\\u00e9\", \"\"]\n");

        Assert.Equal(["echo", "a\"b", "é", ""], dockerfile.Instructions[1].ExecForm!);
    }

    [Fact]
    public void Should_SubstituteArgAndEnv_When_InstructionSupportsIt()
    {
        const string Text = """
            ARG BASE=debian
            ARG TAG
            FROM ${BASE}:${TAG:-12}
            ARG PORT=8080
            ENV APP_HOME=/srv/app USER_NAME="app user"
            WORKDIR $APP_HOME
            EXPOSE ${PORT}/tcp
            USER ${USER_NAME:+appuser}
            RUN echo $APP_HOME
            LABEL path=\$APP_HOME
            """;

        var dockerfile = DockerfileParser.Parse(Text, new Dictionary<string, string> { ["PORT"] = "9090" });

        var byKeyword = dockerfile.Instructions.ToLookup(i => i.Keyword, i => i.Arguments);
        Assert.Equal("debian:12", byKeyword["FROM"].Single());
        Assert.Equal("/srv/app", byKeyword["WORKDIR"].Single());
        Assert.Equal("9090/tcp", byKeyword["EXPOSE"].Single());
        Assert.Equal("appuser", byKeyword["USER"].Single());
        Assert.Equal("echo $APP_HOME", byKeyword["RUN"].Single()); // the shell expands RUN, not Docker
        Assert.Equal("path=$APP_HOME", byKeyword["LABEL"].Single());
    }

    [Fact]
    public void Should_NumberStages_When_MultiStageBuild()
    {
        var dockerfile = DockerfileParser.Parse("FROM golang AS build\nUSER root\nEXPOSE 22\nFROM alpine\nCOPY --from=build /app /app\n");

        Assert.Equal([0, 0, 0, 1, 1], dockerfile.Instructions.Select(i => i.Stage));
        Assert.Equal(["FROM", "COPY"], dockerfile.FinalStage.Select(i => i.Keyword));
    }

    [Theory]
    [InlineData("/bin/sh -c #(nop)  EXPOSE 22/tcp", "EXPOSE", "22/tcp")]
    [InlineData("/bin/sh -c #(nop) ADD file:4b03b5f551e3fbdf47ec609712007327828f7530cc3455c43bbcdcaf449a75a9 in / ", "ADD", "file:4b03b5f551e3fbdf47ec609712007327828f7530cc3455c43bbcdcaf449a75a9 in /")]
    [InlineData("/bin/sh -c #(nop)  CMD [\"bash\"]", "CMD", "[\"bash\"]")]
    [InlineData("/bin/sh -c apt-get update", "RUN", "apt-get update")]
    [InlineData("|2 A=1 B=two /bin/sh -c make", "RUN", "make")]
    [InlineData("EXPOSE map[22/tcp:{} 8080/tcp:{}]", "EXPOSE", "22/tcp 8080/tcp")]
    [InlineData("RUN /bin/sh -c apt-get install -y ssh # buildkit", "RUN", "apt-get install -y ssh")]
    [InlineData("RUN |1 VERSION=1.2 /bin/sh -c ./install.sh ${VERSION} # buildkit", "RUN", "./install.sh ${VERSION}")]
    [InlineData("USER app", "USER", "app")]
    [InlineData("COPY . /app # buildkit", "COPY", ". /app")]
    [InlineData("HEALTHCHECK &{[\"CMD-SHELL\" \"curl -f http://localhost/\"] \"30s\" \"3s\" \"0s\" \"0s\" '\\x03'}", "HEALTHCHECK", "&{[\"CMD-SHELL\" \"curl -f http://localhost/\"] \"30s\" \"3s\" \"0s\" \"0s\" '\\x03'}")]
    [InlineData("some-tool --build", "RUN", "some-tool --build")]
    public void Should_RecoverInstruction_When_GuessingFromHistory(string createdBy, string keyword, string arguments)
    {
        Assert.Equal((keyword, arguments), HistoryDockerfile.Recover(createdBy));
    }

    [Fact]
    public void Should_SkipEmptyHistory_When_Guessing()
    {
        var dockerfile = HistoryDockerfile.FromHistory([new(null, null, true, null), new("USER app", null, true, null)]);

        Assert.Equal(DockerfileMode.Guessed, dockerfile.Mode);
        Assert.Equal("USER app", Assert.Single(dockerfile.Instructions).Text);
    }

    [Fact]
    public void Should_ThrowInvalidInput_When_DockerfileIsMissing()
    {
        var ex = Assert.Throws<Gantry.Core.InvalidInputException>(() => DockerfileParser.ParseFile("/nonexistent/Dockerfile"));

        Assert.StartsWith("Dockerfile '/nonexistent/Dockerfile' cannot be read", ex.Message, StringComparison.Ordinal);
    }
}
