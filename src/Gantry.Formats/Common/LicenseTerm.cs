using System.Text;

namespace Gantry.Formats.Common;

public enum LicenseTermKind
{
    /// <summary>One SPDX license id, in its canonical spelling.</summary>
    Id,

    /// <summary>A valid SPDX expression with operators (<c>MIT OR Apache-2.0</c>).</summary>
    Expression,

    /// <summary>Free text that is not SPDX (<c>GPL-2+</c> from a Debian copyright file, <c>BSD-like</c>).</summary>
    Name,
}

/// <summary>
/// A license string as a package declares it, classified so that each format can put it in the right field:
/// SPDX ids and expressions as they are, anything else as a named (CycloneDX) or <c>LicenseRef-</c> (SPDX) license.
/// </summary>
public sealed record LicenseTerm(LicenseTermKind Kind, string Value)
{
    private static readonly char[] Delimiters = ['(', ')'];

    public static LicenseTerm Classify(string license)
    {
        var text = license.Trim();
        if (SpdxLicenseIds.TryGetCanonical(text, out var id))
        {
            return new LicenseTerm(LicenseTermKind.Id, id);
        }

        return TryNormalizeExpression(text, out var expression)
            ? new LicenseTerm(LicenseTermKind.Expression, expression)
            : new LicenseTerm(LicenseTermKind.Name, text);
    }

    /// <summary>
    /// Accepts ids (optionally with <c>+</c>), <c>LicenseRef-</c> references, AND/OR/WITH and balanced parentheses, and
    /// returns the expression with canonical ids and upper-case operators. A lone <c>LicenseRef-</c> counts as an expression.
    /// </summary>
    private static bool TryNormalizeExpression(string text, out string expression)
    {
        expression = string.Empty;
        var tokens = Tokenize(text);
        var output = new StringBuilder();
        var depth = 0;
        var expectOperand = true;
        var operators = 0;
        foreach (var token in tokens)
        {
            if (token == "(")
            {
                if (!expectOperand)
                {
                    return false;
                }

                depth++;
                output.Append('(');
                continue;
            }

            if (token == ")")
            {
                if (expectOperand || --depth < 0)
                {
                    return false;
                }

                output.Append(')');
                continue;
            }

            var upper = token.ToUpperInvariant();
            if (upper is "AND" or "OR" or "WITH")
            {
                if (expectOperand)
                {
                    return false;
                }

                operators++;
                output.Append(' ').Append(upper).Append(' ');
                expectOperand = true;
                continue;
            }

            if (!expectOperand || !TryNormalizeOperand(token, out var operand))
            {
                return false;
            }

            output.Append(operand);
            expectOperand = false;
        }

        if (expectOperand || depth != 0 || (operators == 0 && !text.StartsWith("LicenseRef-", StringComparison.Ordinal)))
        {
            return false;
        }

        expression = output.ToString();
        return true;
    }

    private static bool TryNormalizeOperand(string token, out string operand)
    {
        operand = token;
        if (token.StartsWith("LicenseRef-", StringComparison.Ordinal) || token.StartsWith("DocumentRef-", StringComparison.Ordinal))
        {
            return token.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':');
        }

        var plus = token.EndsWith('+');
        if (SpdxLicenseIds.TryGetCanonical(plus ? token[..^1] : token, out var id))
        {
            operand = plus ? id + "+" : id;
            return true;
        }

        return false;
    }

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var rest = word;
            while (rest.Length > 0)
            {
                var cut = rest.IndexOfAny(Delimiters);
                if (cut < 0)
                {
                    tokens.Add(rest);
                    break;
                }

                if (cut > 0)
                {
                    tokens.Add(rest[..cut]);
                }

                tokens.Add(rest[cut].ToString());
                rest = rest[(cut + 1)..];
            }
        }

        return tokens;
    }
}
