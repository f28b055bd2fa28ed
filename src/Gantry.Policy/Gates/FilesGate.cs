using System.Globalization;

namespace Gantry.Policy.Gates;

/// <summary><c>files</c>: file names, attributes, set-id bits and content-search matches.</summary>
internal static class FilesGate
{
    private static readonly string[] Ops = ["equals", "not_equals"];

    public static GateDefinition Definition { get; } = new(
        "files",
        "Checks against files in the analyzed image including file content, file names, and filesystem attributes.",
        GateOrigin.Anchore,
        [
            new TriggerDefinition("content_regex_match", "Triggers for each file where the content search analyzer has found a match using configured regexes in the analyzer_config.yaml \"content_search\" section. If the parameter is set, the trigger will only fire for files that matched the named regex. Refer to your analyzer_config.yaml for the regex values.",
            [new("regex_name", "Regex string that also appears in the FILECHECK_CONTENTMATCH analyzer parameter in analyzer configuration, to limit the check to. If set, will only fire trigger when the specific named regex was found in a file.") { Example = ".*password.*" }],
            ContentRegexMatch),
            new TriggerDefinition("name_match", "Triggers if a file exists in the container that has a filename that matches the provided regex. This does have a performance impact on policy evaluation.",
            [new("regex", "Regex to apply to file names for match.", ParameterKind.Regex) { Required = true, Example = @".*\.pem", InvalidValueIsWarning = true }],
            NameMatch),
            new TriggerDefinition("attribute_match", "Triggers if a filename exists in the container that has attributes that match those which are provided . This check has a performance impact on policy evaluation.",
            [
                new("filename", "Filename to check against provided checksum.") { Required = true, Example = "/etc/passwd" },
                new("checksum_algorithm", "Checksum algorithm", ParameterKind.Enum) { AllowedValues = ["sha256"], Example = "sha256", Default = "sha256" },
                new("checksum", "Checksum of file.") { Example = "832cd0f75b227d13aac82b1f70b7f90191a4186c151f9db50851d209c45ede11" },
                new("checksum_match", "Checksum operation to perform.", ParameterKind.Enum) { AllowedValues = Ops, Example = "equals", Default = "equals" },
                new("mode", "File mode of file.", ParameterKind.Octal) { Example = "00644" },
                new("mode_op", "File mode operation to perform.", ParameterKind.Enum) { AllowedValues = Ops, Example = "equals", Default = "equals" },
                new("skip_missing", "If set to true, do not fire this trigger if the file is not present.  If set to false, fire this trigger ignoring the other parameter settings.", ParameterKind.Boolean) { Example = "true", Default = "true" },
            ], AttributeMatch),
            new TriggerDefinition("suid_or_guid_set", "Fires for each file found to have suid or sgid bit set.", SuidOrGuidSet),
        ]);

    private static void ContentRegexMatch(TriggerContext context)
    {
        var name = context.Params.Get("regex_name");
        foreach (var match in context.State.ContentMatches)
        {
            // A rule the SBOM names but these settings lack (an SBOM read back) is shown by id alone.
            var regex = context.State.Settings.ContentSearchRules.Rules.FirstOrDefault(r => r.Id == match.RuleId)?.Regex.ToString();
            var decoded = regex is null ? match.RuleId : $"{match.RuleId}={regex}";
            if (name is null || name == match.RuleId || name == regex)
            {
                context.Fire($"File content analyzer found regexp match in container: file={match.Path} regexp={decoded}");
            }
        }
    }

    private static void NameMatch(TriggerContext context)
    {
        if (context.Params.GetRegex("regex") is not { } regex)
        {
            context.Warn($"'{context.Params.Get("regex")}' is not a valid regular expression; the rule was skipped");
            return;
        }

        foreach (var file in context.Input.Files.Where(f => regex.Match(f.Path) is { Success: true, Index: 0 }))
        {
            context.Fire($"Application of regex matched file found in container: file={file.Path} regexp={regex}");
        }
    }

    private static void AttributeMatch(TriggerContext context)
    {
        var filename = context.Params.GetRequired("filename");
        var file = context.Input.Files.FirstOrDefault(f => f.Path == filename);
        var parts = new List<string>();
        if (file is null)
        {
            if (context.Params.GetBool("skip_missing", true))
            {
                return;
            }

            parts.Add("skip_missing=False");
        }
        else
        {
            if (context.Params.Get("checksum") is { } checksum)
            {
                var equals = context.Params.Get("checksum_match") == "equals";
                if (equals != string.Equals(file.Sha256, checksum, StringComparison.OrdinalIgnoreCase))
                {
                    return;
                }

                parts.Add($"checksum={file.Sha256} op={context.Params.Get("checksum_match")} specified_checksum={checksum}");
            }

            if (context.Params.Get("mode") is { } modeText)
            {
                var wanted = Convert.ToInt32(modeText, 8);
                var actual = file.Mode & 0xFFF;
                var equals = context.Params.Get("mode_op") == "equals";
                if (equals != (wanted == actual))
                {
                    return;
                }

                parts.Add($"mode={PythonOctal(actual)} op={context.Params.Get("mode_op")} specified_mode={PythonOctal(wanted)}");
            }
        }

        if (parts.Count > 0)
        {
            context.Fire($"filename={filename}" + string.Concat(parts.Select(p => " and " + p)));
        }
    }

    private static void SuidOrGuidSet(TriggerContext context)
    {
        foreach (var file in context.Input.Files.Where(f => f.IsSetUidOrSetGid))
        {
            context.Fire($"SUID or SGID found set on file {file.Path}. Mode: {PythonOctal(file.Mode)}");
        }
    }

    /// <summary>Python's <c>oct()</c>: <c>0o104755</c>.</summary>
    internal static string PythonOctal(int value) => "0o" + Convert.ToString(value, 8).ToString(CultureInfo.InvariantCulture);
}
