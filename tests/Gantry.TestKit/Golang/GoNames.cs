using Gantry.Core;

namespace Gantry.TestKit.Golang;

/// <summary>Linker names folded as strings, for tests: <see cref="GoSymbols.TryFold"/> works on spans in a scratch buffer.</summary>
public static class GoNames
{
    /// <summary>The package path and govulncheck symbol of a linker function name; null for a name that is not one.</summary>
    public static (string Package, string Symbol)? Fold(string name)
    {
        var scratch = new char[name.Length];
        return GoSymbols.TryFold(name, scratch, out var package, out var symbol)
            ? (new string(scratch.AsSpan(package)), new string(scratch.AsSpan(symbol)))
            : null;
    }
}
