using Gantry.Cataloging.Common;
using Gantry.Images.FileSystem;

namespace Gantry.Cataloging.Binary;

/// <summary>
/// Where binaries are looked for (executables only, see <see cref="PathRequestSet.ExecutablePrefix"/>):
/// the bin folders, the root (distroless and scratch images put their one binary there), and the
/// folders applications are copied to. Shared by the catalogers that read whole binaries.
/// </summary>
internal static class ExecutableFiles
{
    private static readonly string[] Locations =
        ["**/bin/*", "**/sbin/*", "/*", "/app/**", "/opt/**", "/usr/local/**", "/usr/libexec/**", "/srv/**", "/ko-app/*"];

    public static IReadOnlyList<string> Globs { get; } = [.. Locations.Select(g => PathRequestSet.ExecutablePrefix + g)];

    /// <summary>The same locations as plain globs, for looking the buffered files up in the view.</summary>
    public static IReadOnlyList<string> Patterns => Locations;

    /// <summary>Buffered ELF executables in those locations, each once, sorted by path.</summary>
    public static IEnumerable<CatalogFile> ReadElf(IFileResolver files) => FileCatalog.Read(files, Locations, ElfFile.Magic);
}
