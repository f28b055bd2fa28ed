namespace Gantry.Policy.Gates;

/// <summary>Where a gate comes from.</summary>
public enum GateOrigin
{
    /// <summary>A gate of Anchore Engine's open-source policy engine.</summary>
    Anchore,

    /// <summary>An end-of-life Anchore gate: rules load and evaluate to nothing, with a warning.</summary>
    Legacy,

    /// <summary>A gate Gantry adds.</summary>
    Gantry,
}

/// <summary>A gate: a named group of triggers over one aspect of the image.</summary>
public sealed record GateDefinition(string Name, string Description, GateOrigin Origin, IReadOnlyList<TriggerDefinition> Triggers)
{
    public TriggerDefinition? FindTrigger(string name) =>
        Triggers.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>Fires zero or more times for one rule and one image.</summary>
public delegate void TriggerEvaluator(TriggerContext context);

/// <summary>A trigger: its documentation, its parameters and how it is evaluated.</summary>
public sealed record TriggerDefinition(string Name, string Description, IReadOnlyList<TriggerParameter> Parameters, TriggerEvaluator Evaluate)
{
    public TriggerDefinition(string name, string description, TriggerEvaluator evaluate)
        : this(name, description, [], evaluate)
    {
    }

    public TriggerParameter? FindParameter(string name) =>
        Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}
