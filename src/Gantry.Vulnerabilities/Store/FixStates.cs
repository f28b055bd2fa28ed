using Gantry.Core;

namespace Gantry.Vulnerabilities.Store;

/// <summary>The wire names of <see cref="FixState"/>: fixed, not-fixed, wont-fix, not-affected, unknown.</summary>
public static class FixStates
{
    public static string ToWire(FixState state) => state switch
    {
        FixState.Fixed => "fixed",
        FixState.NotFixed => "not-fixed",
        FixState.WontFix => "wont-fix",
        FixState.NotAffected => "not-affected",
        _ => "unknown",
    };

    public static FixState FromWire(string name) => name switch
    {
        "fixed" => FixState.Fixed,
        "not-fixed" => FixState.NotFixed,
        "wont-fix" => FixState.WontFix,
        "not-affected" => FixState.NotAffected,
        _ => FixState.Unknown,
    };
}
