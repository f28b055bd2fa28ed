namespace Gantry.Cataloging.Golang;

/// <summary>One module of a Go binary: the main module or a dependency (after any <c>=&gt;</c> replacement).</summary>
internal sealed record GoModule(string Path, string Version, string? Sum);

/// <summary>What <c>go version -m</c> shows: the toolchain, the main module, its dependencies and build settings.</summary>
internal sealed record GoBuildInfo(string GoVersion, string? MainPath, GoModule? Main, IReadOnlyList<GoModule> Dependencies,
    IReadOnlyDictionary<string, string> Settings);
