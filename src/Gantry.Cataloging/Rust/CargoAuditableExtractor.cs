using System.IO.Compression;
using Gantry.Cataloging.Binary;
using Gantry.Cataloging.Common;
using Gantry.Core;
using Gantry.Images.FileSystem;

namespace Gantry.Cataloging.Rust;

/// <summary>
/// Inflates a binary's <c>.dep-v0</c> section as the walk streams it (reading the section through a small window, the
/// output capped): the facts are the inflated JSON, base64 in the <c>inflated</c> field, parsed by
/// <see cref="CargoAuditableCataloger"/>.
/// </summary>
internal sealed class CargoAuditableExtractor : IFileExtractor
{
    public const string ExtractorName = "cargo-auditable";

    /// <summary>The JSON is a few KB; a section inflating past this is hostile.</summary>
    internal const int MaxInflatedBytes = 8 * 1024 * 1024;

    public string Name => ExtractorName;

    public IReadOnlyList<string> Globs => ExecutableFiles.Globs;

    public byte[]? Extract(FileExtractSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        try
        {
            if (!ElfFile.HasElfMagic(source) || ElfFile.TryRead(source) is not { } elf || elf.Section(".dep-v0") is not { } section)
            {
                return null;
            }

            return ExtractFacts.Write(("inflated", Convert.ToBase64String(Inflate(source.OpenRange(section.Offset, section.Size)))));
        }
        catch (Exception ex) when (FileErrors.IsBadInput(ex))
        {
            return ExtractFacts.Error(ex.Message);
        }
    }

    private static byte[] Inflate(Stream compressed)
    {
        using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = zlib.Read(buffer)) > 0)
        {
            output.Write(buffer, 0, read);
            if (output.Length > MaxInflatedBytes)
            {
                throw new InvalidDataException($"inflates past {MaxInflatedBytes} bytes");
            }
        }

        return output.ToArray();
    }
}
