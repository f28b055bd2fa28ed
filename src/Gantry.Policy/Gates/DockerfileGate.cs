using System.Text.RegularExpressions;
using Gantry.Policy.Dockerfile;

namespace Gantry.Policy.Gates;

/// <summary>
/// <c>dockerfile</c>: checks the actual Dockerfile when one was given, else the one guessed from the image history.
/// Messages follow Anchore's wording, because the default trigger id is a hash of the message.
/// </summary>
internal static class DockerfileGate
{
    private static readonly string[] Conditions = ["=", "!=", "exists", "not_exists", "like", "not_like", "in", "not_in"];
    private static readonly string[] NeedsValue = ["=", "!=", "like", "not_like", "in", "not_in"];
    private static readonly string[] ListTypes = ["whitelist", "blacklist"];

    private static readonly TriggerParameter ActualOnly = new("actual_dockerfile_only", "Only evaluate against a user-provided dockerfile, skip evaluation on inferred/guessed dockerfiles. Default is False.", ParameterKind.Boolean)
    {
        Example = "true",
        Default = "false",
    };

    public static GateDefinition Definition { get; } = new(
        "dockerfile",
        "Checks against the content of a dockerfile if provided, or a guessed dockerfile based on docker layer history if the dockerfile is not provided.",
        GateOrigin.Anchore,
        [
            new TriggerDefinition("instruction", "Triggers if any directives in the list are found to match the described condition in the dockerfile.",
            [
                new("instruction", "The Dockerfile instruction to check.", ParameterKind.Enum) { Required = true, Example = "from", AllowedValues = ParsedDockerfile.Directives },
                new("check", "The type of check to perform.", ParameterKind.Enum) { Required = true, Example = "=", AllowedValues = Conditions },
                new("value", "The value to check the dockerfile instruction against.") { Example = "scratch" },
                ActualOnly,
            ], Instruction),
            new TriggerDefinition("effective_user", "Checks if the effective user matches the provided user names and fires based on the allowed parameter. If allowed=true, the rule behaves as a whitelist, otherwise acts as a blacklist.",
            [
                new("users", "User names to check against as the effective user (last user entry) in the images history.", ParameterKind.CommaList) { Required = true, Example = "root,docker" },
                new("type", "How to treat the provided user names.", ParameterKind.Enum) { Required = true, Example = "blacklist", AllowedValues = ListTypes },
            ], EffectiveUser),
            new TriggerDefinition("exposed_ports", "Evaluates the set of ports exposed. Allows configuring whitelist or blacklist behavior. If type=whitelist, then any ports found exposed that are not in the list will cause the trigger to fire. If type=blacklist, then any ports exposed that are in the list will cause the trigger to fire.",
            [
                new("ports", "List of port numbers.", ParameterKind.CommaNumberList) { Required = true, Example = "80,8080,8088" },
                new("type", "Whether to use port list as a whitelist or blacklist.", ParameterKind.Enum) { Required = true, Example = "blacklist", AllowedValues = ListTypes },
                ActualOnly,
            ], ExposedPorts),
            new TriggerDefinition("no_dockerfile_provided", "Triggers if anchore analysis was performed without supplying the actual image Dockerfile.",
                context =>
                {
                    if (context.State.Dockerfile?.Mode != DockerfileMode.Actual)
                    {
                        context.Fire("Image was not analyzed with an actual Dockerfile");
                    }
                }),
        ]);

    /// <summary>The Dockerfile the trigger may look at, honouring <c>actual_dockerfile_only</c>.</summary>
    private static ParsedDockerfile? Usable(TriggerContext context, bool actualOnly)
    {
        var dockerfile = context.State.Dockerfile;
        return dockerfile is null || (actualOnly && dockerfile.Mode != DockerfileMode.Actual) ? null : dockerfile;
    }

    private static void Instruction(TriggerContext context)
    {
        if (Usable(context, context.Params.GetBool("actual_dockerfile_only", false)) is not { } dockerfile)
        {
            return;
        }

        var directive = context.Params.GetRequired("instruction").ToUpperInvariant();
        var condition = context.Params.GetRequired("check").ToLowerInvariant();
        var value = context.Params.Get("value");
        if (NeedsValue.Contains(condition) && value is null)
        {
            context.Warn($"check '{condition}' needs a 'value'; the rule was skipped");
            return;
        }

        var lines = dockerfile.Instructions.Where(i => i.Keyword == directive).ToList();
        foreach (var line in lines)
        {
            if (Matches(condition, line.Arguments, value))
            {
                context.Fire($"Dockerfile directive '{directive}' check '{condition}' matched against '{value ?? string.Empty}' for line '{line.Arguments}'");
            }
        }

        if (condition == "not_exists" && lines.Count == 0)
        {
            context.Fire($"Dockerfile directive '{directive}' not found, matching condition '{condition}' check");
        }
    }

    private static bool Matches(string condition, string line, string? value) => condition switch
    {
        "=" => line == value,
        "!=" => line != value,
        "exists" => true,
        "like" => PythonMatch(value!, line),
        "not_like" => !PythonMatch(value!, line),
        "in" => ParameterValues.SplitList(value!).Contains(line),
        "not_in" => !ParameterValues.SplitList(value!).Contains(line),
        _ => false,
    };

    /// <summary>Python's <c>re.match</c>: anchored at the start only.</summary>
    private static bool PythonMatch(string pattern, string text) =>
        ParameterValues.TryCompile(pattern, out var regex) && regex!.Match(text) is { Success: true, Index: 0 };

    private static void EffectiveUser(TriggerContext context)
    {
        if (context.State.Dockerfile is not { } dockerfile)
        {
            return;
        }

        var users = context.Params.GetList("users");
        var allowList = string.Equals(context.Params.GetRequired("type"), "whitelist", StringComparison.OrdinalIgnoreCase);

        // The last USER of the final stage decides; with none the container runs as root.
        var userLine = dockerfile.FinalStage.LastOrDefault(i => i.Keyword == "USER")?.Arguments ?? "root";
        var user = userLine.Trim().Trim('[', ']').Trim();
        if (allowList && !users.Contains(user))
        {
            context.Fire($"User {user} found as effective user, which is not on the allowed list");
        }
        else if (!allowList && users.Contains(user))
        {
            context.Fire($"User {user} found as effective user, which is explicity not allowed list");
        }
    }

    private static void ExposedPorts(TriggerContext context)
    {
        if (Usable(context, context.Params.GetBool("actual_dockerfile_only", false)) is not { } dockerfile)
        {
            return;
        }

        var ports = context.Params.GetList("ports");
        var allowList = string.Equals(context.Params.GetRequired("type"), "whitelist", StringComparison.OrdinalIgnoreCase);
        foreach (var line in dockerfile.Instructions.Where(i => i.Keyword == "EXPOSE"))
        {
            var exposed = Regex.Split(line.Arguments.Trim(), @"\s+").Where(p => p.Length > 0).ToList();
            if (allowList)
            {
                FireNotAllowed(context, ports, exposed);
            }
            else
            {
                FireDenied(context, ports, exposed);
            }
        }
    }

    private static void FireDenied(TriggerContext context, IReadOnlyList<string> denied, List<string> exposed)
    {
        if (denied.Contains("0") && exposed.Count > 0)
        {
            context.Fire("Dockerfile exposes network ports but policy sets DENIEDPORTS=0: " + PythonList(exposed));
            return;
        }

        foreach (var port in denied)
        {
            var hit = new[] { port, port + "/tcp", port + "/udp" }.FirstOrDefault(exposed.Contains);
            if (hit is not null)
            {
                context.Fire($"Dockerfile exposes port ({hit}) which is in policy file DENIEDPORTS list");
            }
        }
    }

    private static void FireNotAllowed(TriggerContext context, IReadOnlyList<string> allowed, List<string> exposed)
    {
        if (allowed.Contains("0") && exposed.Count > 0)
        {
            context.Fire("Dockerfile exposes network ports but policy sets ALLOWEDPORTS=0: " + PythonList(exposed));
            return;
        }

        foreach (var port in exposed.Where(p => !allowed.Any(a => p == a || p == a + "/tcp" || p == a + "/udp")))
        {
            context.Fire($"Dockerfile exposes port ({port}) which is not in policy file ALLOWEDPORTS list");
        }
    }

    /// <summary>Python's <c>str(list)</c>, which Anchore puts in some messages.</summary>
    internal static string PythonList(IEnumerable<string> items) => "[" + string.Join(", ", items.Select(i => $"'{i}'")) + "]";
}
