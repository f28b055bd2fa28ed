using System.Text.Json;
using Gantry.Core;

namespace Gantry.Formats.Readers;

/// <summary>Opens a JSON document a user named: a missing, oversized, unreadable or malformed file is bad input naming it.</summary>
internal static class JsonFile
{
    /// <summary>Documents are parsed whole; this bounds the memory a hostile file can claim.</summary>
    public const long MaxDocumentBytes = 512L * 1024 * 1024;

    /// <param name="input">The file as the user named it, for the messages.</param>
    /// <param name="kind">What the file should be, for the size message (<c>SBOM documents</c>).</param>
    public static JsonDocument Parse(string path, string input, string kind)
    {
        ArgumentNullException.ThrowIfNull(path);
        FileInfo file = new(path);
        if (!file.Exists)
        {
            throw new InvalidInputException($"{input}: file not found");
        }

        if (file.Length > MaxDocumentBytes)
        {
            throw new InvalidInputException($"{input}: {file.Length} bytes is over the {MaxDocumentBytes / (1024 * 1024)} MiB limit for {kind}");
        }

        try
        {
            using var stream = file.OpenRead();
            return JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 256 });
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
}
