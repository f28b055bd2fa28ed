using System.IO.Compression;
using System.Text;

namespace Gantry.Core;

/// <summary>
/// The functions a Go binary links, per Go package path, in govulncheck's symbol form (<c>Parse</c>,
/// <c>Tag.String</c>): what reachability compares an advisory's <c>ecosystem_specific.imports</c> with. Catalogers
/// fold the linker's names with <see cref="TryFold"/> and store the set in a package's metadata
/// (<see cref="MetadataKeys.GoSymbols"/>) with <see cref="Format"/> and <see cref="Pack"/>; matching reads it back with
/// <see cref="TryDecode"/>, so a scan of an image and a scan of its SBOM decide alike.
/// </summary>
/// <remarks>
/// The text is <c>path:Sym1,Sym2;path2:Sym3</c>, sorted; <c>-</c> is an empty set (the symbol table was read and none
/// of the package's code is linked). A set of more than <see cref="CompressAbove"/> characters (the standard library's
/// in a large binary) is stored as <c>:gz:</c> and the base64 of its gzip: about 40% of the text (44 KB for the 6,600
/// standard-library functions of Debian's docker-registry).
/// </remarks>
public static class GoSymbols
{
    private const string Empty = "-";

    // ':' cannot occur in an import path, so no plain text starts with it.
    private const string CompressedPrefix = ":gz:";
    private const int CompressAbove = 4096;

    /// <summary>A decoded set larger than this is hostile (the standard library of a large binary is ~1 MB).</summary>
    private const int MaxDecodedLength = 64 * 1024 * 1024;

    /// <summary>
    /// The text form of <paramref name="symbols"/>: package paths in ordinal order, each with its symbols in ordinal
    /// order (not yet packed: see <see cref="Pack"/>).
    /// </summary>
    public static string Format<TSymbols>(IReadOnlyDictionary<string, TSymbols> symbols)
        where TSymbols : IEnumerable<string>
    {
        ArgumentNullException.ThrowIfNull(symbols);
        var text = new StringBuilder();
        foreach (var package in symbols.Keys.Order(StringComparer.Ordinal))
        {
            text.Append(text.Length == 0 ? string.Empty : ";").Append(package).Append(':').AppendJoin(',', symbols[package].Order(StringComparer.Ordinal));
        }

        return text.ToString();
    }

    /// <summary>The stored form of a text in <see cref="Format"/>'s form: <c>-</c> when empty, compressed when long.</summary>
    public static string Pack(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return Empty;
        }

        if (text.Length <= CompressAbove)
        {
            return text;
        }

        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return CompressedPrefix + Convert.ToBase64String(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary><see cref="Pack"/> undone: the text (empty for <c>-</c>); false when it is neither plain nor a valid packed text.</summary>
    public static bool TryUnpack(string? encoded, out string text)
    {
        text = string.Empty;
        if (string.IsNullOrEmpty(encoded))
        {
            return false;
        }

        if (encoded == Empty)
        {
            return true;
        }

        if (!encoded.StartsWith(CompressedPrefix, StringComparison.Ordinal))
        {
            text = encoded;
            return true;
        }

        return TryInflate(encoded[CompressedPrefix.Length..], out text);
    }

    /// <summary>The symbols per package path; false when the text is not in <see cref="Format"/>'s form, packed or not.</summary>
    public static bool TryDecode(string? encoded, out IReadOnlyDictionary<string, IReadOnlySet<string>> symbols)
    {
        symbols = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        if (!TryUnpack(encoded, out var text))
        {
            return false;
        }

        if (text.Length == 0)
        {
            return true;
        }

        var result = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var entry in text.Split(';'))
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return false;
            }

            result[entry[..colon]] = entry[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        }

        symbols = result;
        return true;
    }

    /// <summary>
    /// Folds a linker function name into <paramref name="scratch"/> (at least as long as the name) as its package path
    /// and govulncheck's symbol, without allocating: generic instantiations are dropped (<c>Map[go.shape.int]</c> →
    /// <c>Map</c>), a pointer receiver is bare (<c>(*Tag).String</c> → <c>Tag.String</c>), closures and wrappers fold
    /// into their function (<c>Parse.func1.2</c>, <c>Parse.gowrap1</c>, <c>T.M-fm</c> → <c>Parse</c>, <c>T.M</c>), and the
    /// linker's escapes in the last path element are undone (<c>yaml%2ev2</c> → <c>yaml.v2</c>). False for
    /// compiler-generated names (<c>type:.eq.T</c>, <c>go:buildid</c>).
    /// </summary>
    public static bool TryFold(ReadOnlySpan<char> name, Span<char> scratch, out Range packagePath, out Range symbol)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scratch.Length, name.Length, nameof(scratch));
        packagePath = symbol = default;
        if (name.StartsWith("type.") || name.StartsWith("type:") || name.StartsWith("go.") || name.StartsWith("go:"))
        {
            return false;
        }

        var bare = scratch[..CopyWithoutTypeArguments(name, scratch)];
        var pathEnd = bare.LastIndexOf('/');
        var dot = bare[(pathEnd + 1)..].IndexOf('.') is var at and >= 0 ? pathEnd + 1 + at : -1;
        if (dot <= 0 || dot == bare.Length - 1)
        {
            return false;
        }

        var function = bare[(dot + 1)..];
        function = function[..WithoutPointerReceivers(function)];
        while (function.LastIndexOf('.') is var last and >= 0 && IsClosureSegment(function[(last + 1)..]))
        {
            function = function[..last];
        }

        if (function.EndsWith("-fm"))
        {
            function = function[..^3];
        }

        packagePath = new Range(0, Unescape(bare[..dot]));
        symbol = new Range(dot + 1, dot + 1 + function.Length);
        return function.Length > 0;
    }

    /// <summary>An advisory's symbol in the same form as <see cref="TryFold"/> gives (<c>(*Reader).Read</c> → <c>Reader.Read</c>).</summary>
    public static string Normalize(string symbol)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        var scratch = new char[symbol.Length];
        var length = CopyWithoutTypeArguments(symbol, scratch);
        return new string(scratch, 0, WithoutPointerReceivers(scratch.AsSpan(0, length)));
    }

    private static bool TryInflate(string base64, out string text)
    {
        text = string.Empty;
        try
        {
            using var gzip = new GZipStream(new MemoryStream(Convert.FromBase64String(base64)), CompressionMode.Decompress);
            using var inflated = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = gzip.Read(chunk)) > 0)
            {
                if (inflated.Length + read > MaxDecodedLength)
                {
                    return false;
                }

                inflated.Write(chunk, 0, read);
            }

            text = Encoding.UTF8.GetString(inflated.GetBuffer(), 0, (int)inflated.Length);
            return text.Length > 0;
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException)
        {
            return false;
        }
    }

    /// <summary><c>func1</c>, <c>gowrap2</c>, <c>deferwrap1</c>, a nested closure's <c>3</c>, a package closure's empty <c>glob..func1</c> part.</summary>
    private static bool IsClosureSegment(ReadOnlySpan<char> segment)
    {
        var digits = segment.TrimEnd("0123456789");
        return digits.Length < segment.Length
            ? digits is "" or "func" or "gowrap" or "deferwrap"
            : segment.Length == 0;
    }

    /// <summary>Copies <paramref name="name"/> without its bracketed type arguments; the length copied.</summary>
    private static int CopyWithoutTypeArguments(ReadOnlySpan<char> name, Span<char> destination)
    {
        var length = 0;
        var depth = 0;
        foreach (var c in name)
        {
            if (c == '[')
            {
                depth++;
            }
            else if (c == ']')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (depth == 0)
            {
                destination[length++] = c;
            }
        }

        return length;
    }

    /// <summary>Removes every <c>(*</c> and <c>)</c> in place; the new length.</summary>
    private static int WithoutPointerReceivers(Span<char> text)
    {
        var length = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(' && i + 1 < text.Length && text[i + 1] == '*')
            {
                i++;
            }
            else if (text[i] != ')')
            {
                text[length++] = text[i];
            }
        }

        return length;
    }

    /// <summary>Undoes, in place, the linker's <c>%xx</c> escapes of <c>.</c>, <c>%</c> and control characters in a path's last element; the new length.</summary>
    private static int Unescape(Span<char> path)
    {
        var length = 0;
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] == '%' && i + 2 < path.Length && byte.TryParse(path.Slice(i + 1, 2), System.Globalization.NumberStyles.HexNumber, null, out var b))
            {
                path[length++] = (char)b;
                i += 2;
            }
            else
            {
                path[length++] = path[i];
            }
        }

        return length;
    }
}
