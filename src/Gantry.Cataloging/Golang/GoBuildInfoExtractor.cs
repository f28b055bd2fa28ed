using Gantry.Cataloging.Binary;
using Gantry.Cataloging.Common;
using Gantry.Core;
using Gantry.Images.FileSystem;

namespace Gantry.Cataloging.Golang;

/// <summary>
/// Reads a Go binary's build info as the walk streams it: the facts are the toolchain version and the raw module text
/// (<see cref="ExtractFacts"/> fields <c>goVersion</c>, <c>modules</c>), parsed by <see cref="GoBinaryCataloger"/>.
/// </summary>
internal sealed class GoBuildInfoExtractor : IFileExtractor
{
    public const string ExtractorName = "go-build-info";

    public string Name => ExtractorName;

    public IReadOnlyList<string> Globs => ExecutableFiles.Globs;

    public byte[]? Extract(FileExtractSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        try
        {
            if (!ElfFile.HasElfMagic(source) || ElfFile.TryRead(source) is not { } elf || GoBuildInfoReader.ReadStrings(source, elf) is not { } strings)
            {
                return null;
            }

            return ExtractFacts.Write(("goVersion", strings.GoVersion), ("modules", strings.Modules));
        }
        catch (Exception ex) when (FileErrors.IsBadInput(ex))
        {
            return ExtractFacts.Error(ex.Message);
        }
    }
}
