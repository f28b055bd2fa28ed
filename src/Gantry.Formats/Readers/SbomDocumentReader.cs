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
    public const long MaxDocumentBytes = 512L * 1024 * 1024;

    public static Sbom Read(string path, string input)
    {
        ArgumentNullException.ThrowIfNull(path);
        FileInfo file = new(path);
        if (!file.Exists)
        {
            throw new InvalidInputException($"{input}: file not found");
        }

        if (file.Length > MaxDocumentBytes)
        {
            throw new InvalidInputException($"{input}: {file.Length} bytes is over the {MaxDocumentBytes / (1024 * 1024)} MiB limit for SBOM documents");
        }

        try
        {
            using var stream = file.OpenRead();
            using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 256 });
            return Read(document.RootElement, input);
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException($"{input}: not valid JSON ({ex.Message})", ex);
        }
        catch (IOException ex)
        {
            throw new InvalidInputException($"{input}: cannot read ({ex.Message})", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new InvalidInputException($"{input}: cannot read ({ex.Message})", ex);
        }
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
