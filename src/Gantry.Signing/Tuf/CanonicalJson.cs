using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gantry.Signing.Tuf;

/// <summary>
/// The canonical JSON notary signs and verifies (docker/go's canonical encoder): object keys sorted by their UTF-8
/// bytes, no whitespace, integers only, and in strings only <c>"</c> and <c>\</c> escaped, every other byte raw.
/// Verifiers re-encode the parsed <c>signed</c> object this way, so this is also how signatures are checked.
/// </summary>
public static class CanonicalJson
{
    public static byte[] Encode(JsonNode? node)
    {
        using var buffer = new MemoryStream();
        Write(buffer, node);
        return buffer.ToArray();
    }

    private static void Write(MemoryStream output, JsonNode? node)
    {
        switch (node)
        {
            case null:
                WriteAscii(output, "null");
                break;
            case JsonObject obj:
                output.WriteByte((byte)'{');
                var first = true;
                foreach (var (key, value) in obj.OrderBy(p => Encoding.UTF8.GetBytes(p.Key), Utf8Order.Instance))
                {
                    if (!first)
                    {
                        output.WriteByte((byte)',');
                    }

                    first = false;
                    WriteString(output, key);
                    output.WriteByte((byte)':');
                    Write(output, value);
                }

                output.WriteByte((byte)'}');
                break;
            case JsonArray array:
                output.WriteByte((byte)'[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        output.WriteByte((byte)',');
                    }

                    Write(output, array[i]);
                }

                output.WriteByte((byte)']');
                break;
            case JsonValue value:
                WriteValue(output, value);
                break;
        }
    }

    private static void WriteValue(MemoryStream output, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                WriteString(output, value.GetValue<string>());
                break;
            case JsonValueKind.True:
                WriteAscii(output, "true");
                break;
            case JsonValueKind.False:
                WriteAscii(output, "false");
                break;
            case JsonValueKind.Null:
                WriteAscii(output, "null");
                break;
            case JsonValueKind.Number:
                WriteAscii(output, IntegerText(value));
                break;
            default:
                throw new TufFormatException($"cannot encode a JSON {value.GetValueKind()} canonically");
        }
    }

    /// <summary>
    /// Canonical JSON has no fractions or exponents. notary decodes numbers as Go floats, so <c>1.0</c> or <c>1e2</c>
    /// re-encode as integers; a non-integral number is an error, as in notary.
    /// </summary>
    private static string IntegerText(JsonValue value)
    {
        var text = value.ToJsonString();
        if (text.Length is > 0 and < 19 && text.TrimStart('-').All(char.IsAsciiDigit))
        {
            return text;
        }

        var style = System.Globalization.NumberStyles.Float;
        return double.TryParse(text, style, System.Globalization.CultureInfo.InvariantCulture, out var number) && number == Math.Floor(number) && Math.Abs(number) < 9.0e15
            ? ((long)number).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : throw new TufFormatException($"canonical JSON holds integers only, not {TufJson.Shorten(text)}");
    }

    private static void WriteString(MemoryStream output, string text)
    {
        output.WriteByte((byte)'"');
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            if (b is (byte)'"' or (byte)'\\')
            {
                output.WriteByte((byte)'\\');
            }

            output.WriteByte(b);
        }

        output.WriteByte((byte)'"');
    }

    private static void WriteAscii(MemoryStream output, string text) => output.Write(Encoding.ASCII.GetBytes(text));

    private sealed class Utf8Order : IComparer<byte[]>
    {
        public static readonly Utf8Order Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}

/// <summary>TUF metadata that does not have the shape notary defines; the message says which field.</summary>
public sealed class TufFormatException(string message) : Exception(message);
