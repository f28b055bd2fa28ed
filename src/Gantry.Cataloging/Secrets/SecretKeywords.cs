using System.Buffers;
using System.Text;
using Gantry.Core.Secrets;

namespace Gantry.Cataloging.Secrets;

/// <summary>
/// The keywords of a rule set, and which of them a text holds: what <c>text.ToLowerInvariant().Contains(keyword)</c>
/// tells, without a lowered (or, for UTF-8 bytes, decoded) copy of the whole text. The text is lowered a chunk at a
/// time, each chunk searched after the tail of the one before, so a keyword across a chunk boundary is found too.
/// Lowering is per character (a surrogate pair per pair, never split by the decoder), so chunks lower as the whole would.
/// </summary>
internal sealed class SecretKeywords
{
    private const int ChunkChars = 4096;

    private readonly string[] _keywords;
    private readonly int _overlap;

    public SecretKeywords(IEnumerable<SecretRule> rules)
    {
        _keywords = [.. rules.SelectMany(r => r.Keywords).Distinct(StringComparer.Ordinal)];
        _overlap = Math.Max(0, _keywords.Select(k => k.Length).DefaultIfEmpty(0).Max() - 1);
    }

    /// <summary>Which keywords the UTF-8 <paramref name="content"/> holds, decoded as <see cref="Encoding.UTF8"/> decodes it.</summary>
    public Found Find(ReadOnlySpan<byte> content)
    {
        var search = new Search(this);
        try
        {
            var decoder = Encoding.UTF8.GetDecoder();
            Span<char> decoded = stackalloc char[ChunkChars];
            bool completed;
            do
            {
                decoder.Convert(content, decoded, flush: true, out var bytesUsed, out var charsUsed, out completed);
                content = content[bytesUsed..];
                search.Add(decoded[..charsUsed]);
            }
            while (!completed);

            return search.Found;
        }
        finally
        {
            search.Dispose();
        }
    }

    /// <summary>Which keywords <paramref name="text"/> holds.</summary>
    public Found Find(ReadOnlySpan<char> text)
    {
        var search = new Search(this);
        try
        {
            do
            {
                var length = Math.Min(ChunkChars, text.Length);
                if (length < text.Length && char.IsHighSurrogate(text[length - 1]))
                {
                    length--;
                }

                search.Add(text[..length]);
                text = text[length..];
            }
            while (!text.IsEmpty);

            return search.Found;
        }
        finally
        {
            search.Dispose();
        }
    }

    /// <summary>The keywords a text holds, by their place in the rule set's keywords.</summary>
    public sealed class Found(SecretKeywords keywords, bool[] found)
    {
        /// <summary>True when the rule has no keywords or the text holds one of them.</summary>
        public bool Admits(SecretRule rule)
        {
            ArgumentNullException.ThrowIfNull(rule);
            var keywordsOfRule = rule.Keywords;
            for (var i = 0; i < keywordsOfRule.Count; i++)
            {
                if (found[Array.IndexOf(keywords._keywords, keywordsOfRule[i])])
                {
                    return true;
                }
            }

            return keywordsOfRule.Count == 0;
        }
    }

    /// <summary>One text's search: the lowered chunk after the kept tail of the one before.</summary>
    private struct Search(SecretKeywords keywords) : IDisposable
    {
        private readonly bool[] _found = new bool[keywords._keywords.Length];
        private readonly char[] _lowered = ArrayPool<char>.Shared.Rent(keywords._overlap + ChunkChars);
        private int _kept;

        public readonly Found Found => new(keywords, _found);

        public void Add(ReadOnlySpan<char> chunk)
        {
            chunk.ToLowerInvariant(_lowered.AsSpan(_kept, chunk.Length));
            var window = _lowered.AsSpan(0, _kept + chunk.Length);
            for (var i = 0; i < _found.Length; i++)
            {
                _found[i] |= window.Contains(keywords._keywords[i], StringComparison.Ordinal);
            }

            _kept = Math.Min(keywords._overlap, window.Length);
            window[^_kept..].CopyTo(_lowered);
        }

        public readonly void Dispose() => ArrayPool<char>.Shared.Return(_lowered);
    }
}
