using System.Text.Encodings.Web;
using System.Text.Json;
using Gantry.Images.FileSystem;

namespace Gantry.Cataloging.Common;

/// <summary>
/// The format of the catalogers' extracts (<see cref="IFileExtractor"/> facts): one flat JSON object of string fields,
/// written in the order given (deterministic, a few hundred bytes to a few KB). A reading failure is kept as the
/// <see cref="ErrorField"/> field, so that the cataloger reports it as today's <c>malformed-file</c> diagnostic, and only
/// when that version of the file is the one the squashed view shows.
/// </summary>
internal static class ExtractFacts
{
    public const string ErrorField = "error";

    // Facts are read back only by Gantry, never shown in HTML: escaping only what JSON requires keeps a large value
    // (a Go binary's symbols, with the odd non-ASCII name) from going through the escaper's buffers.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(params (string Name, string? Value)[] fields)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in fields)
            {
                if (value is not null)
                {
                    writer.WriteString(name, value);
                }
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static byte[] Error(string message) => Write((ErrorField, message));

    public static IReadOnlyDictionary<string, string> Read(byte[] facts)
    {
        using var document = JsonDocument.Parse(facts);
        return document.RootElement.EnumerateObject()
            .Where(p => p.Value.ValueKind == JsonValueKind.String)
            .ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
    }

    /// <summary>The files of the squashed view matching <paramref name="globs"/> with facts from <paramref name="extractor"/>, each once, sorted by path.</summary>
    public static IEnumerable<(CatalogFile File, IReadOnlyDictionary<string, string> Facts)> Files(IFileResolver files, IEnumerable<string> globs, string extractor)
    {
        ArgumentNullException.ThrowIfNull(files);
        foreach (var (node, facts) in files.ReadRequestedExtracts(globs, extractor))
        {
            yield return (new CatalogFile(node.Path, FileCatalog.LocationOf(files, node), ReadOnlyMemory<byte>.Empty), Read(facts));
        }
    }
}
