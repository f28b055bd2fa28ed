using System.Globalization;
using Gantry.Core;
using Gantry.Images.Layers.Cache;

namespace Gantry.Engine.Caching;

/// <summary>
/// Where the per-layer analysis cache lives and how big it may grow. Hosts resolve it from their flags and environment
/// with <see cref="Resolve"/>: <c>GANTRY_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/gantry/layers</c>, else
/// <c>~/.cache/gantry/layers</c>.
/// </summary>
public sealed record CacheSettings(string Directory, long MaxBytes)
{
    public const string DirectoryVariable = "GANTRY_CACHE_DIR";

    public const long DefaultMaxBytes = LayerCache.DefaultMaxBytes;

    /// <summary>The settings for <paramref name="maxSize"/> (null: 2 GiB) under the default or overridden folder.</summary>
    public static CacheSettings Resolve(Func<string, string?> environment, string? maxSize)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new CacheSettings(DefaultDirectory(environment), maxSize is null ? DefaultMaxBytes : ParseSize(maxSize, "--cache-max-size"));
    }

    public static string DefaultDirectory(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment(DirectoryVariable) is { Length: > 0 } overridden)
        {
            return Path.GetFullPath(overridden);
        }

        var cacheHome = environment("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.GetFullPath(Path.Combine(cacheHome, "gantry", "layers"));
    }

    /// <summary>
    /// A size such as <c>2GiB</c>, <c>500MB</c>, <c>64k</c> or <c>1048576</c> (bytes): units B, K/KB/KiB, M/MB/MiB,
    /// G/GB/GiB, T/TB/TiB, case-insensitive; KB and KiB both mean 1024. Throws <see cref="InvalidInputException"/> naming
    /// <paramref name="what"/> otherwise.
    /// </summary>
    public static long ParseSize(string text, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var split = 0;
        while (split < trimmed.Length && (char.IsAsciiDigit(trimmed[split]) || trimmed[split] == '.'))
        {
            split++;
        }

        var unit = trimmed[split..].Trim().ToUpperInvariant();
        var multiplier = unit switch
        {
            "" or "B" => 1L,
            "K" or "KB" or "KIB" => 1L << 10,
            "M" or "MB" or "MIB" => 1L << 20,
            "G" or "GB" or "GIB" => 1L << 30,
            "T" or "TB" or "TIB" => 1L << 40,
            _ => 0L,
        };
        if (split == 0 || multiplier == 0 || !decimal.TryParse(trimmed[..split], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            throw new InvalidInputException($"{what}: '{text}' is not a size (examples: 2GiB, 500MB, 64KiB)");
        }

        if (number > (long.MaxValue / 2) / multiplier)
        {
            throw new InvalidInputException($"{what}: '{text}' is too large");
        }

        return (long)(number * multiplier);
    }
}

/// <summary>What the cache holds (<c>gantry cache status</c>) or what was removed from it (<c>gantry cache clean</c>).</summary>
public sealed record CacheStatus(string Directory, int Entries, long TotalBytes, long MaxBytes);
