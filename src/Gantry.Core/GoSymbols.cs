using System.IO.Compression;
using System.Text;

namespace Gantry.Core;

/// <summary>
/// The functions a Go binary links, per Go package path, in govulncheck's symbol form (<c>Parse</c>,
/// <c>Tag.String</c>): what reachability compares an advisory's <c>ecosystem_specific.imports</c> with. Catalogers
/// fold the linker's names with <see cref="TrySplit"/> and store the set in a package's metadata
/// (<see cref="MetadataKeys.GoSymbols"/>) with <see cref="Encode"/>; matching reads it back with <see cref="TryDecode"/>,
/// so a scan of an image and a scan of its SBOM decide alike.
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

    public static string Encode(IReadOnlyDictionary<string, SortedSet<string>> symbols)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        if (symbols.Count == 0)
        {
            return Empty;
        }

        var text = string.Join(';', symbols.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + ":" + string.Join(',', p.Value)));
        if (text.Length <= CompressAbove)
        {
            return text;
        }

        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return CompressedPrefix + Convert.ToBase64String(buffer.ToArray());
    }

    /// <summary>The symbols per package path; false when the text is not in <see cref="Encode"/>'s form.</summary>
    public static bool TryDecode(string? encoded, out IReadOnlyDictionary<string, IReadOnlySet<string>> symbols)
    {
        symbols = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(encoded))
        {
            return false;
        }

        if (encoded == Empty)
        {
            return true;
        }

        var text = encoded;
        if (encoded.StartsWith(CompressedPrefix, StringComparison.Ordinal) && !TryInflate(encoded[CompressedPrefix.Length..], out text))
        {
            return false;
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
    /// Splits a linker function name into its package path and govulncheck's symbol: generic instantiations are
    /// dropped (<c>Map[go.shape.int]</c> → <c>Map</c>), a pointer receiver is bare (<c>(*Tag).String</c> →
    /// <c>Tag.String</c>), closures and wrappers fold into their function (<c>Parse.func1.2</c>, <c>Parse.gowrap1</c>,
    /// <c>T.M-fm</c> → <c>Parse</c>, <c>T.M</c>), and the linker's escapes in the last path element are undone
    /// (<c>yaml%2ev2</c> → <c>yaml.v2</c>). False for compiler-generated names (<c>type:.eq.T</c>, <c>go:buildid</c>).
    /// </summary>
    public static bool TrySplit(string name, out string packagePath, out string symbol)
    {
        ArgumentNullException.ThrowIfNull(name);
        packagePath = symbol = string.Empty;
        if (name.StartsWith("type.", StringComparison.Ordinal) || name.StartsWith("type:", StringComparison.Ordinal)
            || name.StartsWith("go.", StringComparison.Ordinal) || name.StartsWith("go:", StringComparison.Ordinal))
        {
            return false;
        }

        var bare = WithoutTypeArguments(name);
        var pathEnd = bare.LastIndexOf('/');
        var dot = bare.IndexOf('.', pathEnd + 1);
        if (dot <= 0 || dot == bare.Length - 1)
        {
            return false;
        }

        var segments = bare[(dot + 1)..].Replace("(*", string.Empty, StringComparison.Ordinal).Replace(")", string.Empty, StringComparison.Ordinal)
            .Split('.').ToList();
        while (segments.Count > 1 && IsClosureSegment(segments[^1]))
        {
            segments.RemoveAt(segments.Count - 1);
        }

        symbol = string.Join('.', segments);
        if (symbol.EndsWith("-fm", StringComparison.Ordinal))
        {
            symbol = symbol[..^3];
        }

        packagePath = Unescape(bare[..dot]);
        return symbol.Length > 0;
    }

    /// <summary>An advisory's symbol in the same form as <see cref="TrySplit"/> gives (<c>(*Reader).Read</c> → <c>Reader.Read</c>).</summary>
    public static string Normalize(string symbol)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        return WithoutTypeArguments(symbol).Replace("(*", string.Empty, StringComparison.Ordinal).Replace(")", string.Empty, StringComparison.Ordinal);
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
    private static bool IsClosureSegment(string segment)
    {
        var digits = segment.AsSpan().TrimEnd("0123456789");
        return digits.Length < segment.Length
            ? digits is "" or "func" or "gowrap" or "deferwrap"
            : segment.Length == 0;
    }

    private static string WithoutTypeArguments(string name)
    {
        if (!name.Contains('[', StringComparison.Ordinal))
        {
            return name;
        }

        var result = new StringBuilder(name.Length);
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
                result.Append(c);
            }
        }

        return result.ToString();
    }

    /// <summary>The linker escapes <c>.</c>, <c>%</c> and control characters of a path's last element as <c>%xx</c>.</summary>
    private static string Unescape(string path)
    {
        if (!path.Contains('%', StringComparison.Ordinal))
        {
            return path;
        }

        var result = new StringBuilder(path.Length);
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] == '%' && i + 2 < path.Length && byte.TryParse(path.AsSpan(i + 1, 2), System.Globalization.NumberStyles.HexNumber, null, out var b))
            {
                result.Append((char)b);
                i += 2;
            }
            else
            {
                result.Append(path[i]);
            }
        }

        return result.ToString();
    }
}
