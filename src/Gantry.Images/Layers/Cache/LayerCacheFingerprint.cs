using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Gantry.Images.Layers.Cache;

/// <summary>
/// What a layer's index depends on besides its bytes: the requested globs (sorted, distinct) and the analysis limits,
/// plus any named part a caller adds with <see cref="With"/> (extractor names, for instance). Two scans share a cache
/// entry only when their fingerprints are equal.
/// </summary>
public sealed class LayerCacheFingerprint
{
    private readonly SortedDictionary<string, string> _parts;

    private LayerCacheFingerprint(SortedDictionary<string, string> parts) => _parts = parts;

    public static LayerCacheFingerprint For(IEnumerable<string> requestedGlobs, AnalysisLimits limits)
    {
        ArgumentNullException.ThrowIfNull(requestedGlobs);
        ArgumentNullException.ThrowIfNull(limits);
        var parts = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["globs"] = string.Join('\n', requestedGlobs.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)),
            ["limits"] = string.Create(CultureInfo.InvariantCulture,
                $"file={limits.MaxFileSize};buffered={limits.MaxBufferedBytes};entries={limits.MaxEntriesPerLayer}"),
        };
        return new LayerCacheFingerprint(parts);
    }

    /// <summary>A fingerprint with one more named part (replacing a part of the same name).</summary>
    public LayerCacheFingerprint With(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        return new LayerCacheFingerprint(new SortedDictionary<string, string>(_parts, StringComparer.Ordinal) { [name] = value });
    }

    /// <summary>SHA-256 (hex) of the parts, each written as its length-prefixed name and value.</summary>
    public string Value
    {
        get
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var (name, value) in _parts)
            {
                Append(hash, name);
                Append(hash, value);
            }

            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
    }

    internal static void Append(IncrementalHash hash, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        hash.AppendData(BitConverter.GetBytes(bytes.Length));
        hash.AppendData(bytes);
    }
}
