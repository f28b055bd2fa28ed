using System.Text;
using Gantry.Core;

namespace Gantry.Cataloging.Golang;

/// <summary>
/// The functions one Go binary links (from <see cref="GoPclntabReader"/>, in <see cref="GoSymbols.Format"/>'s text
/// form), or why they could not be read: handed out to the binary's modules so that each package in the SBOM carries
/// only its own package paths.
/// </summary>
internal sealed class GoLinkedSymbols
{
    /// <summary>The key <see cref="ModuleSymbols"/> files the standard library's packages under.</summary>
    public const string StandardLibrary = "stdlib";

    private readonly string? _text;

    private GoLinkedSymbols(string? text, string? error)
    {
        _text = text;
        Error = error;
    }

    public string? Error { get; }

    /// <summary>From the extractor's facts: the symbol text, else the error (or "not read" when neither is there).</summary>
    public static GoLinkedSymbols From(string? text, string? error) =>
        new(text, text is null ? error ?? "the symbol table was not read" : null);

    /// <summary>
    /// Files each package path under the longest module path that contains it; a path of no module whose first element
    /// has no dot (<c>net/http</c>, <c>vendor/golang.org/x/net/…</c>) is the standard library's. <c>main</c> is nobody's.
    /// The text is sorted by package path, so each module's part, taken in order, is sorted too.
    /// </summary>
    public ModuleSymbols ByModule(IEnumerable<string> modules)
    {
        if (_text is null)
        {
            return new ModuleSymbols(null, Error);
        }

        var byLength = modules.Distinct(StringComparer.Ordinal).OrderByDescending(m => m.Length).ToList();
        var result = new Dictionary<string, StringBuilder>(StringComparer.Ordinal);
        foreach (var range in _text.AsSpan().Split(';'))
        {
            var entry = _text.AsSpan(range);
            if (entry.IsEmpty)
            {
                continue;
            }

            var colon = entry.IndexOf(':');
            if (colon <= 0)
            {
                return new ModuleSymbols(null, "the symbol table facts are malformed");
            }

            if (Owner(entry[..colon], byLength) is not { } owner)
            {
                continue;
            }

            if (!result.TryGetValue(owner, out var owned))
            {
                owned = new StringBuilder();
                result[owner] = owned;
            }

            owned.Append(owned.Length == 0 ? string.Empty : ";").Append(entry);
        }

        return new ModuleSymbols(result.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal), null);
    }

    private static string? Owner(ReadOnlySpan<char> package, List<string> modulesByLength)
    {
        foreach (var module in modulesByLength)
        {
            if (package.StartsWith(module) && (package.Length == module.Length || package[module.Length] == '/'))
            {
                return module;
            }
        }

        var first = package.IndexOf('/') is var slash and >= 0 ? package[..slash] : package;
        return package is not "main" && !first.Contains('.') ? StandardLibrary : null;
    }
}

/// <summary>The linked functions per module (and <see cref="GoLinkedSymbols.StandardLibrary"/>) as text, or the error for all.</summary>
internal sealed class ModuleSymbols(IReadOnlyDictionary<string, string>? byModule, string? error)
{
    public string? Error { get; } = error;

    /// <summary>The module's symbols, packed (<see cref="GoSymbols.Pack"/>: <c>-</c> when none of its code is linked); null with no symbol table.</summary>
    public string? Encoded(string module) =>
        byModule is null ? null : GoSymbols.Pack(byModule.GetValueOrDefault(module) ?? string.Empty);
}
