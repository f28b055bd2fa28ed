using Gantry.Core;

namespace Gantry.Cataloging.Golang;

/// <summary>
/// The distinct (package path, symbol) pairs of one binary, added as spans: a large binary's name table folds tens of
/// thousands of names into far fewer pairs, so a string is made only for a package path or symbol not seen before.
/// </summary>
internal sealed class GoSymbolCollector
{
    private readonly Dictionary<string, HashSet<string>> _packages = new(StringComparer.Ordinal);

    public void Add(ReadOnlySpan<char> packagePath, ReadOnlySpan<char> symbol)
    {
        var packages = _packages.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!packages.TryGetValue(packagePath, out var symbols))
        {
            symbols = new HashSet<string>(StringComparer.Ordinal);
            packages[packagePath] = symbols;
        }

        symbols.GetAlternateLookup<ReadOnlySpan<char>>().Add(symbol);
    }

    /// <summary>The pairs in <see cref="GoSymbols.Format"/>'s text form.</summary>
    public string ToText() => GoSymbols.Format(_packages);
}
