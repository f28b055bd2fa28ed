using Gantry.Core;
using Gantry.Vulnerabilities.Store;

namespace Gantry.Vulnerabilities.Matching;

/// <summary>
/// Decides, as govulncheck does in binary mode, whether a Go binary links the code an advisory is about: the advisory's
/// <c>imports</c> (package paths, symbols, goos/goarch) against the functions the binary links
/// (<see cref="MetadataKeys.GoSymbols"/>) and its target platform (<see cref="MetadataKeys.GoOs"/>,
/// <see cref="MetadataKeys.Architecture"/>). Unknown, never unreachable, when either side has no data.
/// </summary>
internal static class GoReachability
{
    private const string GoEcosystem = "Go";

    /// <summary>Null for a finding that is not a Go module's against a Go record.</summary>
    public static Reachability? Decide(Package package, AffectedPackage affected)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(affected);
        if (package.Type != PackageType.GoModule || affected.Namespace != GoEcosystem)
        {
            return null;
        }

        if (affected.GoImports.Count == 0)
        {
            return new Reachability(ReachabilityState.Unknown, "the advisory names no packages or symbols");
        }

        var goos = package.GetMetadata(MetadataKeys.GoOs);
        var goarch = package.GetMetadata(MetadataKeys.Architecture);
        var onPlatform = affected.GoImports.Where(i => Applies(i.Goos, goos) && Applies(i.Goarch, goarch)).ToList();
        if (onPlatform.Count == 0)
        {
            var platforms = affected.GoImports.SelectMany(i => i.Goos.Count > 0 ? i.Goos : i.Goarch).Distinct(StringComparer.Ordinal);
            return new Reachability(ReachabilityState.Unreachable,
                $"the advisory applies only to {string.Join(", ", platforms)}; the binary is built for {goos ?? "?"}/{goarch ?? "?"}");
        }

        if (!GoSymbols.TryDecode(package.GetMetadata(MetadataKeys.GoSymbols), out var linked))
        {
            return new Reachability(ReachabilityState.Unknown,
                package.GetMetadata(MetadataKeys.GoSymbolsError) is { } error ? $"the binary's symbol table is not readable: {error}" : "no symbol table recorded for the binary");
        }

        var misses = new List<string>();
        foreach (var import in onPlatform)
        {
            if (!linked.TryGetValue(import.Path, out var functions))
            {
                misses.Add($"{import.Path} is not linked");
                continue;
            }

            if (import.Symbols.Count == 0)
            {
                return new Reachability(ReachabilityState.Reachable, $"{import.Path} is linked");
            }

            if (import.Symbols.FirstOrDefault(s => functions.Contains(GoSymbols.Normalize(s))) is { } hit)
            {
                return new Reachability(ReachabilityState.Reachable, $"{import.Path}.{hit} is linked");
            }

            misses.Add($"{import.Path} is linked but not {string.Join(", ", import.Symbols)}");
        }

        return new Reachability(ReachabilityState.Unreachable, string.Join("; ", misses));
    }

    /// <summary>An empty list means every platform; an unknown platform is matched by any list.</summary>
    private static bool Applies(IReadOnlyList<string> listed, string? actual) =>
        listed.Count == 0 || actual is null || listed.Contains(actual, StringComparer.Ordinal);
}
