namespace Gantry.Policy;

/// <summary>
/// What a rule asks for when it fires. Ordered as Anchore's <c>GateAction</c> IntEnum (stop=-1, warn=0, go=1)
/// so that the worst action is the minimum.
/// </summary>
public enum GateAction
{
    Stop = -1,
    Warn = 0,
    Go = 1,
}

public static class GateActionNames
{
    /// <summary>The lower-case name Anchore writes in results (<c>stop</c>, <c>warn</c>, <c>go</c>).</summary>
    public static string ToWireName(this GateAction action) => action switch
    {
        GateAction.Stop => "stop",
        GateAction.Warn => "warn",
        _ => "go",
    };

    /// <summary>Parses an action case-insensitively, as Anchore does.</summary>
    public static bool TryParse(string? value, out GateAction action)
    {
        action = GateAction.Go;
        switch (value?.ToUpperInvariant())
        {
            case "STOP":
                action = GateAction.Stop;
                return true;
            case "WARN":
                action = GateAction.Warn;
                return true;
            case "GO":
                return true;
            default:
                return false;
        }
    }

    public static GateAction Worst(GateAction a, GateAction b) => (GateAction)Math.Min((int)a, (int)b);
}
