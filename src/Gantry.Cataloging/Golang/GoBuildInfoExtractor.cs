using Gantry.Cataloging.Binary;
using Gantry.Cataloging.Common;
using Gantry.Core;
using Gantry.Images.FileSystem;

namespace Gantry.Cataloging.Golang;

/// <summary>
/// Reads a Go binary's build info as the walk streams it: the facts are the toolchain version and the raw module text
/// (<see cref="ExtractFacts"/> fields <c>goVersion</c>, <c>modules</c>), parsed by <see cref="GoBinaryCataloger"/>, and
/// the linked functions from the <c>.gopclntab</c> section (<c>symbols</c>, in <see cref="GoSymbols.Format"/>'s text form,
/// not packed: the cataloger splits it by module and packs each part), or why
/// they could not be read (<c>symbolsError</c>): a bad symbol table only costs reachability, never the modules.
/// </summary>
internal sealed class GoBuildInfoExtractor : IFileExtractor
{
    public const string ExtractorName = "go-build-info";

    public const string SymbolsField = "symbols";

    public const string SymbolsErrorField = "symbolsError";

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

            var (symbols, symbolsError) = ReadSymbols(source, elf);
            return ExtractFacts.Write(("goVersion", strings.GoVersion), ("modules", strings.Modules), (SymbolsField, symbols), (SymbolsErrorField, symbolsError));
        }
        catch (Exception ex) when (FileErrors.IsBadInput(ex))
        {
            return ExtractFacts.Error(ex.Message);
        }
    }

    private static (string? Symbols, string? Error) ReadSymbols(FileExtractSource source, ElfFile elf)
    {
        try
        {
            return GoPclntabReader.Read(source, elf) is { } symbols
                ? (symbols, null)
                : (null, $"no {GoPclntabReader.SectionName} section of a known layout");
        }
        catch (Exception ex) when (FileErrors.IsBadInput(ex))
        {
            return (null, ex.Message);
        }
    }
}
