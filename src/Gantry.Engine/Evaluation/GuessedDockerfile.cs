using Gantry.Core;
using Gantry.Policy.Dockerfile;

namespace Gantry.Engine.Evaluation;

/// <summary>
/// The Dockerfile recovered from an image when the user gave none ("guessed" mode): the history's instructions,
/// completed from the image config where the history is silent. Builders such as umoci, ko, jib or buildah
/// write the exposed ports and the user into the config without an <c>EXPOSE</c> or <c>USER</c> history line;
/// the config is what the container runs with, so those facts are added as instructions of the final stage.
/// </summary>
public static class GuessedDockerfile
{
    public static ParsedDockerfile? FromImage(ImageDescription image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var history = image.Config.History.Count == 0 ? null : HistoryDockerfile.FromHistory(image.Config.History);
        var instructions = history?.Instructions.ToList() ?? [];
        var stage = instructions.Count == 0 ? 0 : instructions.Max(i => i.Stage);
        var line = instructions.Count == 0 ? 0 : instructions.Max(i => i.Line);
        var declared = instructions.Where(i => i.Keyword == "EXPOSE")
            .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToHashSet(StringComparer.Ordinal);
        var missing = image.Config.ExposedPorts.Where(p => !declared.Contains(p) && !declared.Contains(p.Replace("/tcp", string.Empty, StringComparison.Ordinal))).ToList();
        if (missing.Count > 0)
        {
            instructions.Add(new DockerInstruction("EXPOSE", string.Join(' ', missing), ++line, stage));
        }

        if (image.Config.User is { Length: > 0 } user && !instructions.Any(i => i.Keyword == "USER" && i.Stage == stage))
        {
            instructions.Add(new DockerInstruction("USER", user, ++line, stage));
        }

        return instructions.Count == 0 ? null : new ParsedDockerfile(DockerfileMode.Guessed, instructions);
    }
}
