using System.Text.Json;
using Gantry.Core;

namespace Gantry.Formats.Readers;

/// <summary>
/// <c>sbom:PATH</c>: detects and reads Gantry's native JSON, CycloneDX JSON or SPDX 2.x JSON into an <see cref="Sbom"/>.
/// The result's source kind is <c>sbom</c> and its input the argument as given; the document's image identity
/// (digests, tags, layers) is kept where the document records it.
/// </summary>
public static class SbomDocumentReader
{
    /// <summary>Documents are parsed whole; this bounds the memory a hostile file can claim.</summary>
    public const long MaxDocumentBytes = JsonFile.MaxDocumentBytes;

    public static Sbom Read(string path, string input)
    {
        using var document = JsonFile.Parse(path, input, "SBOM documents");
        return Read(document.RootElement, input);
    }

    public static Sbom Read(JsonElement root, string input)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidInputException($"{input}: expected a JSON object (a Gantry, CycloneDX or SPDX document)");
        }

        if (CycloneDxReader.Accepts(root))
        {
            return CycloneDxReader.Read(root, input);
        }

        if (SpdxReader.Accepts(root))
        {
            return SpdxReader.Read(root, input);
        }

        if (NativeSbomReader.Accepts(root))
        {
            return NativeSbomReader.Read(root, input);
        }

        throw new InvalidInputException($"{input}: not a Gantry, CycloneDX or SPDX 2.x JSON document");
    }
}
