namespace Gantry.Policy.Gates;

/// <summary><c>always</c>: fires unconditionally; used to deny images outright or to test mappings and allowlists.</summary>
internal static class AlwaysGate
{
    public static GateDefinition Definition { get; } = new(
        "always",
        "Triggers that fire unconditionally if present in policy, useful for things like testing and blacklisting.",
        GateOrigin.Anchore,
        [new TriggerDefinition("always", "Fires if present in a policy being evaluated. Useful for things like blacklisting images or testing mappings and whitelists by using this trigger in combination with policy mapping rules.",
            context => context.Fire("always", "always"))]);
}
