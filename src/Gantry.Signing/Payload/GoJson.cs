using System.Globalization;
using System.Text;

namespace Gantry.Signing.Payload;

/// <summary>
/// JSON string literals exactly as Go's <c>encoding/json</c> writes them, so payload bytes match
/// cosign's: <c>&lt; &gt; &amp;</c> and U+2028/U+2029 become <c>\u00XX</c>/<c>\u20XX</c>, other
/// non-ASCII stays UTF-8, control characters use <c>\n \r \t</c> or <c>\u00XX</c>.
/// </summary>
internal static class GoJson
{
    public static void WriteString(StringBuilder builder, string value)
    {
        builder.Append('"');
        foreach (var rune in value.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case < 0x20 or '<' or '>' or '&' or 0x2028 or 0x2029:
                    builder.Append("\\u").Append(rune.Value.ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    builder.Append(rune.ToString());
                    break;
            }
        }

        builder.Append('"');
    }
}
