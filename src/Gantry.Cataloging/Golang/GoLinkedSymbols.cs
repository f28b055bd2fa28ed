using Gantry.Core;

namespace Gantry.Cataloging.Golang;

/// <summary>
/// The functions one Go binary links (from <see cref="GoPclntabReader"/>), or why they could not be read: handed out
/// to the binary's modules so that each package in the SBOM carries only its own package paths.
/// </summary>
internal sealed class GoLinkedSymbols
{
    /// <summary>The key <see cref="ModuleSymbols"/> files the standard library's packages under.</summary>
    public const string StandardLibrary = "stdlib";

    private readonly IReadOnlyDictionary<string, IReadOnlySet<string>>? _packages;

    private GoLinkedSymbols(IReadOnlyDictionary<string, IReadOnlySet<string>>? packages, string? error)
    {
        _packages = packages;
        Error = error;
    }

    public string? Error { get; }

    /// <summary>From the extractor's facts: the encoded symbols, else the error (or "not read" when neither is there).</summary>
    public static GoLinkedSymbols From(string? encoded, string? error)
    {
        if (encoded is not null && GoSymbols.TryDecode(encoded, out var packages))
        {
            return new GoLinkedSymbols(packages, null);
        }

        return new GoLinkedSymbols(null, error ?? (encoded is null ? "the symbol table was not read" : "the symbol table facts are malformed"));
    }

    /// <summary>
    /// Files each package path under the longest module path that contains it; a path of no module whose first element
    /// has no dot (<c>net/http</c>, <c>vendor/golang.org/x/net/…</c>) is the standard library's. <c>main</c> is nobody's.
    /// </summary>
    public ModuleSymbols ByModule(IEnumerable<string> modules)
    {
        if (_packages is null)
        {
            return new ModuleSymbols(null, Error);
        }

        var byLength = modules.Distinct(StringComparer.Ordinal).OrderByDescending(m => m.Length).ToList();
        var result = new Dictionary<string, Dictionary<string, SortedSet<string>>>(StringComparer.Ordinal);
        foreach (var (package, symbols) in _packages)
        {
            var owner = byLength.FirstOrDefault(m => package == m || package.StartsWith(m + "/", StringComparison.Ordinal))
                ?? (package != "main" && !package.Split('/')[0].Contains('.', StringComparison.Ordinal) ? StandardLibrary : null);
            if (owner is null)
            {
                continue;
            }

            if (!result.TryGetValue(owner, out var owned))
            {
                owned = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
                result[owner] = owned;
            }

            owned[package] = new SortedSet<string>(symbols, StringComparer.Ordinal);
        }

        return new ModuleSymbols(result, null);
    }
}

/// <summary>The linked functions per module (and <see cref="GoLinkedSymbols.StandardLibrary"/>), or the error for all.</summary>
internal sealed class ModuleSymbols(IReadOnlyDictionary<string, Dictionary<string, SortedSet<string>>>? byModule, string? error)
{
    public string? Error { get; } = error;

    /// <summary>The module's symbols in <see cref="GoSymbols"/> form (<c>-</c> when none of its code is linked); null with no symbol table.</summary>
    public string? Encoded(string module) =>
        byModule is null ? null : GoSymbols.Encode(byModule.TryGetValue(module, out var packages) ? packages : new Dictionary<string, SortedSet<string>>());
}
