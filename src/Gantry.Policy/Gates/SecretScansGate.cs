using Gantry.Core.Secrets;

namespace Gantry.Policy.Gates;

/// <summary><c>secret_scans</c>: the SBOM's secrets, found in files and in the image config; the value is always shown redacted.</summary>
internal static class SecretScansGate
{
    public static GateDefinition Definition { get; } = new(
        "secret_scans",
        "Checks for secrets and content found in the image using configured regexes found in the \"secret_search\" section of analyzer_config.yaml.",
        GateOrigin.Anchore,
        [
            new TriggerDefinition("content_regex_checks", "Triggers if the secret content search analyzer has found any matches with the configured and named regexes. Checks can be configured to trigger if a match is found or is not found (selected using match_type parameter).  Matches are filtered by the content_regex_name and filename_regex if they are set. The content_regex_name shoud be a value from the \"secret_search\" section of the analyzer_config.yaml.",
            [
                new("content_regex_name", $"Name of content regexps configured in the analyzer that match if found in the image, instead of matching all. Names available by default are: {string.Join(", ", AnchoreSecretRules.Names)}.") { Example = AnchoreSecretRules.AwsAccessKey },
                new("filename_regex", "Regexp to filter the content matched files by.", ParameterKind.Regex) { Example = "/etc/.*" },
                new("match_type", "Set to define the type of match - trigger if match is found (default) or not found.", ParameterKind.Enum) { AllowedValues = ["notfound", "found"], Example = "found", Default = "found" },
            ], ContentRegexChecks),
        ]);

    private static void ContentRegexChecks(TriggerContext context)
    {
        var name = context.Params.Get("content_regex_name");
        var filenameRegex = context.Params.GetRegex("filename_regex");
        var found = context.Params.Get("match_type") != "notfound";
        var matches = context.Input.Sbom.Secrets
            .Where(s => name is null || s.RuleId == name)
            .Where(s => filenameRegex is null || filenameRegex.Match(s.Location) is { Success: true, Index: 0 })
            .ToList();
        if (found)
        {
            foreach (var secret in matches)
            {
                context.Fire($"Secret content search analyzer found regexp match in container: file={secret.Location} regexp={secret.RuleId} line={secret.Line} match={secret.RedactedMatch}");
            }
        }
        else if (matches.Count == 0)
        {
            context.Fire($"Secret content search analyzer did not find regexp match in container: filename_regex={context.Params.Get("filename_regex") ?? "*"} content_regex_name={name ?? "all"}");
        }
    }
}
