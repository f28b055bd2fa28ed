namespace Gantry.Policy.Dockerfile;

/// <summary>Where the Dockerfile came from, in Anchore's words.</summary>
public enum DockerfileMode
{
    /// <summary>The user supplied the Dockerfile.</summary>
    Actual,

    /// <summary>Recovered from the image history's <c>created_by</c> lines.</summary>
    Guessed,
}

/// <summary>
/// One instruction after continuation lines were joined and variables substituted.
/// <see cref="ExecForm"/> holds the JSON (exec) form's arguments when the instruction used one.
/// </summary>
public sealed record DockerInstruction(string Keyword, string Arguments, int Line, int Stage, IReadOnlyList<string>? ExecForm = null)
{
    /// <summary>The instruction as Anchore shows it in messages: <c>EXPOSE 22/tcp</c>.</summary>
    public string Text => Arguments.Length == 0 ? Keyword : $"{Keyword} {Arguments}";
}

/// <summary>A Dockerfile as a list of instructions, in order.</summary>
public sealed record ParsedDockerfile(DockerfileMode Mode, IReadOnlyList<DockerInstruction> Instructions)
{
    /// <summary>The instructions of the last build stage: those that shape the final image.</summary>
    public IEnumerable<DockerInstruction> FinalStage
    {
        get
        {
            var last = Instructions.Count == 0 ? 0 : Instructions.Max(i => i.Stage);
            return Instructions.Where(i => i.Stage == last);
        }
    }

    /// <summary>The directives Anchore's dockerfile gate knows.</summary>
    public static IReadOnlyList<string> Directives { get; } =
    [
        "ADD", "ARG", "COPY", "CMD", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL",
        "MAINTAINER", "ONBUILD", "USER", "RUN", "SHELL", "STOPSIGNAL", "VOLUME", "WORKDIR",
    ];
}
