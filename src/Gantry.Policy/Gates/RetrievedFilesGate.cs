namespace Gantry.Policy.Gates;

/// <summary><c>retrieved_files</c>: presence and content of specific files the analysis kept.</summary>
internal static class RetrievedFilesGate
{
    private static readonly TriggerParameter PathParameter = new("path", "The path of the file to verify has been retrieved during analysis") { Required = true, Example = "/etc/httpd.conf" };

    public static GateDefinition Definition { get; } = new(
        "retrieved_files",
        "Checks against content and/or presence of files retrieved at analysis time from an image",
        GateOrigin.Anchore,
        [
            new TriggerDefinition("content_not_available", "Triggers if the specified file is not present/stored in the evaluated image.",
            [PathParameter], context =>
            {
                var path = context.Params.GetRequired("path");
                if (context.State.ReadText(path) is null)
                {
                    context.Fire($"Cannot locate file {path} in image stored files archive: check analyzer settings.");
                }
            }),
            new TriggerDefinition("content_regex", "Evaluation of regex on retrieved file content",
            [
                PathParameter,
                new("check", "The type of check to perform with the regex", ParameterKind.Enum) { Required = true, AllowedValues = ["match", "no_match"], Example = "match" },
                new("regex", "The regex to evaluate against the content of the file", ParameterKind.Regex) { Required = true, Example = ".*SSlEnabled.*" },
            ], ContentRegex),
        ]);

    private static void ContentRegex(TriggerContext context)
    {
        var path = context.Params.GetRequired("path");
        var check = context.Params.GetRequired("check");
        if (context.State.ReadText(path) is not { } content || context.Params.GetRegex("regex") is not { } regex)
        {
            return;
        }

        // Anchore applies the regex (re.match) to each whitespace-separated token of the file.
        var tokens = content.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var matched = tokens.Any(t => regex.Match(t) is { Success: true, Index: 0 });
        var triggerId = $"{context.RuleId}+file://{path}";
        if (check == "match" && matched)
        {
            context.Fire($"Content regex '{regex}' check 'match' found in retrieved file '{path}'", triggerId);
        }
        else if (check == "no_match" && !matched)
        {
            context.Fire($"Content regex '{regex}' check 'no_match' found in retrieved file '{path}'", triggerId);
        }
    }
}
