using System.Globalization;

namespace Gantry.Policy.Gates;

/// <summary><c>metadata</c>: image size, architecture, OS, distro and layer count.</summary>
internal static class MetadataGate
{
    private static readonly string[] Attributes = ["size", "architecture", "os_type", "distro", "distro_version", "like_distro", "layer_count"];
    private static readonly string[] Checks = ["=", "!=", ">", "<", ">=", "<=", "exists", "not_exists", "like", "not_like", "in", "not_in"];

    public static GateDefinition Definition { get; } = new(
        "metadata",
        "Checks against image metadata, such as size, OS, distro, architecture, etc.",
        GateOrigin.Anchore,
        [
            new TriggerDefinition("attribute", "Triggers if a named image metadata value matches the given condition.",
            [
                new("attribute", "Attribute name to be checked.", ParameterKind.Enum) { Required = true, Example = "size", AllowedValues = Attributes },
                new("check", "The operation to perform the evaluation.", ParameterKind.Enum) { Required = true, Example = ">", AllowedValues = Checks },
                new("value", "Value used in comparison.") { Example = "1073741824" },
            ], Attribute),
        ]);

    private static void Attribute(TriggerContext context)
    {
        var attribute = context.Params.GetRequired("attribute");
        var check = context.Params.GetRequired("check");
        var value = context.Params.Get("value");
        var actual = Read(context, attribute);
        if (check is ">" or "<" or ">=" or "<=" && actual is not null && value is not null
            && !(TryNumber(attribute, actual, out _) && TryNumber(attribute, value, out _)))
        {
            context.Warn($"'{check}' compares numbers, and '{actual}' or '{value}' is not one; the rule was skipped");
            return;
        }

        if (!Compare(attribute, check, actual, value))
        {
            return;
        }

        context.Fire($"Attribute check for attribute: '{attribute}' check: '{check}' check_value: '{value}' matched image value: '{actual}'");
    }

    private static string? Read(TriggerContext context, string attribute)
    {
        var sbom = context.Input.Sbom;
        return attribute switch
        {
            "size" => sbom.Source.Layers.Sum(l => l.Size).ToString(CultureInfo.InvariantCulture),
            "architecture" => sbom.Source.Architecture,
            "os_type" => sbom.Source.Os,
            "distro" => sbom.Distro?.Id,
            "distro_version" => sbom.Distro?.VersionId,
            "like_distro" => sbom.Distro is { } d ? string.Join(',', d.IdLike.DefaultIfEmpty(d.Id)) : null,
            "layer_count" => sbom.Source.Layers.Count.ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
    }

    private static bool Compare(string attribute, string check, string? actual, string? value)
    {
        switch (check)
        {
            case "exists":
                return actual is not null;
            case "not_exists":
                return actual is null;
        }

        if (actual is null || value is null)
        {
            return false;
        }

        switch (check)
        {
            case "=":
                return actual == value;
            case "!=":
                return actual != value;
            case "like":
                return ParameterValues.TryCompile(value, out var like) && like!.IsMatch(actual);
            case "not_like":
                return ParameterValues.TryCompile(value, out var notLike) && !notLike!.IsMatch(actual);
            case "in":
                return ParameterValues.SplitList(value).Contains(actual);
            case "not_in":
                return !ParameterValues.SplitList(value).Contains(actual);
        }

        // Ordering checks compare numbers; sizes accept kb/mb/gb suffixes.
        TryNumber(attribute, actual, out var a);
        TryNumber(attribute, value, out var b);
        var order = a.CompareTo(b);

        return check switch
        {
            ">" => order > 0,
            "<" => order < 0,
            ">=" => order >= 0,
            "<=" => order <= 0,
            _ => false,
        };
    }

    private static bool TryNumber(string attribute, string text, out double number)
    {
        if (attribute == "size" && new TriggerParameter("value", string.Empty, ParameterKind.Bytes).Validate(text) is null)
        {
            number = ParameterValues.ParseBytes(text);
            return true;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }
}
