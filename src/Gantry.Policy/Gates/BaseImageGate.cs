namespace Gantry.Policy.Gates;

/// <summary>
/// <c>base_image</c> (Gantry): the base image must be one of the allowed names or digests, and its signature
/// must verify with a trusted key. Covers what Anchore Enterprise's <c>ancestry</c> gate offered.
/// </summary>
internal static class BaseImageGate
{
    public static GateDefinition Definition { get; } = new(
        "base_image",
        "Gantry: checks the image's base image by name, registry and digest, and whether its signature verified with a trusted key.",
        GateOrigin.Gantry,
        [
            new TriggerDefinition("unknown", "Triggers if the base image of the evaluated image could not be determined.", context =>
            {
                if (context.Input.BaseImage?.Reference is null && context.Input.BaseImage?.Digest is null)
                {
                    context.Fire("Base image could not be determined");
                }
            }),
            new TriggerDefinition("name_not_allowed", "Triggers if the base image's repository (and registry) does not match the allowed regexes.",
            [
                new("name_regex", "Regex the base image's repository must fully match, e.g. library/(debian|alpine).", ParameterKind.Regex) { Required = true, Example = "library/(debian|alpine)" },
                new("registry_regex", "Regex the base image's registry must fully match.", ParameterKind.Regex) { Example = @"docker\.io|registry\.example\.com" },
            ], NameNotAllowed),
            new TriggerDefinition("digest_not_allowed", "Triggers if the base image's digest is not in the allowed list.",
            [new("digests", "Allowed base image digests (sha256:…).", ParameterKind.CommaList) { Required = true, Example = "sha256:0123…" }],
            context =>
            {
                if (context.Input.BaseImage?.Digest is { } digest && !context.Params.GetList("digests").Contains(digest, StringComparer.OrdinalIgnoreCase))
                {
                    context.Fire($"Base image digest {digest} is not in the allowed list");
                }
            }),
            new TriggerDefinition("signature_not_verified", "Triggers if the base image's signature was not verified with a trusted key (failed or not checked).", context =>
            {
                var facts = context.Input.BaseImage;
                if (facts is null || facts.SignatureVerified == true)
                {
                    return;
                }

                var name = facts.Reference ?? facts.Digest ?? "unknown";
                context.Fire(facts.SignatureVerified == false
                    ? $"Base image {name} signature did not verify with a trusted key"
                    : $"Base image {name} signature was not checked");
            }),
        ]);

    private static void NameNotAllowed(TriggerContext context)
    {
        if (context.Input.BaseImage?.Reference is not { } reference)
        {
            return;
        }

        var image = Evaluation.PolicyImage.Parse(reference);
        var nameOk = context.Params.GetRegex("name_regex") is { } name && FullMatch(name, image.Repository);
        var registryOk = context.Params.GetRegex("registry_regex") is not { } registry || FullMatch(registry, image.Registry);
        if (!nameOk || !registryOk)
        {
            context.Fire($"Base image {image.Registry}/{image.Repository} is not an allowed base image");
        }
    }

    private static bool FullMatch(System.Text.RegularExpressions.Regex regex, string value) =>
        regex.Match(value) is { Success: true } m && m.Index == 0 && m.Length == value.Length;
}
