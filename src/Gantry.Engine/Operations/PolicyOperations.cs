using Gantry.Core;
using Gantry.Policy.Bundles;
using Gantry.Policy.Gates;

namespace Gantry.Engine.Operations;

/// <summary>
/// What <c>policy validate</c> found: every problem (with its JSON path; warnings included), the errors among them and,
/// for a valid bundle, its name and size.
/// </summary>
public sealed record BundleValidation(
    IReadOnlyList<string> Problems, IReadOnlyList<string> ErrorMessages, int Warnings, string? Bundle, int Policies, int Rules, int Mappings)
{
    public bool IsValid => Bundle is not null;

    public int Errors => ErrorMessages.Count;
}

/// <summary>A trigger parameter: its name, its facts (required, kind, default, example, Gantry addition) and its documentation.</summary>
public sealed record ParameterDescription(string Name, IReadOnlyList<string> Facts, string Description);

public sealed record TriggerDescription(string Name, string Description, IReadOnlyList<ParameterDescription> Parameters);

/// <summary>A gate and its triggers; <see cref="Origin"/> is <c>Gantry addition</c>, <c>end-of-life</c> or null for Anchore's own.</summary>
public sealed record GateDescription(string Name, string? Origin, string Description, IReadOnlyList<TriggerDescription> Triggers);

/// <summary><c>policy validate</c> and <c>policy describe</c>: Anchore policy bundles and the gates they can use.</summary>
public sealed class PolicyOperations
{
    /// <summary>Validates the bundle file at <paramref name="path"/>.</summary>
    public BundleValidation Validate(string path) => Summarize(BundleLoader.ParseFile(path));

    /// <summary>Validates a bundle given as JSON text (a bundle uploaded to the service).</summary>
    public BundleValidation ValidateText(string json) => Summarize(BundleLoader.Parse(json));

    private static BundleValidation Summarize(BundleLoadResult result)
    {
        var bundle = result.Bundle;
        return new BundleValidation(
            result.Problems.Select(p => p.ToString()).ToList(),
            result.Errors.Select(p => p.ToString()).ToList(),
            result.Warnings.Count(),
            bundle is null ? null : bundle.Name ?? bundle.Id,
            bundle?.Policies.Count ?? 0,
            bundle?.Policies.Sum(p => p.Rules.Count) ?? 0,
            bundle?.Mappings.Count ?? 0);
    }

    /// <summary>The gates a bundle can use (without end-of-life ones), or only <paramref name="gate"/> (end-of-life ones too).</summary>
    public IReadOnlyList<GateDescription> Describe(string? gate)
    {
        if (gate is null)
        {
            return GateRegistry.All.Where(g => g.Origin != GateOrigin.Legacy).Select(Describe).ToList();
        }

        var found = GateRegistry.Find(gate)
            ?? throw new InvalidInputException($"unknown gate '{gate}' (known gates: {string.Join(", ", GateRegistry.All.Select(g => g.Name))})");
        return [Describe(found)];
    }

    /// <summary>Anchore's end-of-life gates: their rules load and evaluate to nothing, with a warning.</summary>
    public IReadOnlyList<string> EndOfLifeGates() => GateRegistry.All.Where(g => g.Origin == GateOrigin.Legacy).Select(g => g.Name).ToList();

    private static GateDescription Describe(GateDefinition gate) => new(
        gate.Name,
        gate.Origin switch
        {
            GateOrigin.Gantry => "Gantry addition",
            GateOrigin.Legacy => "end-of-life",
            _ => null,
        },
        gate.Description,
        gate.Triggers.Select(t => new TriggerDescription(t.Name, t.Description, t.Parameters.Select(p => new ParameterDescription(p.Name, Facts(p).ToList(), p.Description)).ToList())).ToList());

    private static IEnumerable<string> Facts(TriggerParameter parameter)
    {
        yield return parameter.Required ? "required" : "optional";
        yield return parameter.Kind switch
        {
            ParameterKind.Enum => "one of " + string.Join("|", parameter.AllowedValues),
            ParameterKind.CommaList => "comma-separated list",
            ParameterKind.CommaNumberList => "comma-separated numbers",
            ParameterKind.Boolean => "true|false",
            ParameterKind.Integer => "integer",
            ParameterKind.Float => "number",
            ParameterKind.Regex => "regex",
            ParameterKind.Bytes => "size",
            ParameterKind.Octal => "octal mode",
            _ => "string",
        };
        if (parameter.Default is { } value)
        {
            yield return $"default {value}";
        }

        if (parameter.Example is { } example)
        {
            yield return $"e.g. {example}";
        }

        if (parameter.IsGantryExtension)
        {
            yield return "Gantry addition";
        }
    }
}
