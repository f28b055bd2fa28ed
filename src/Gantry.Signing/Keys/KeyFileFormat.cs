using Gantry.Core;

namespace Gantry.Signing.Keys;

/// <summary>How <c>keygen</c> encrypts the private key file.</summary>
public enum KeyFileFormat
{
    /// <summary><c>ENCRYPTED PRIVATE KEY</c>: PKCS#8 with PBES2, which openssl reads.</summary>
    Pkcs8,

    /// <summary><c>ENCRYPTED SIGSTORE PRIVATE KEY</c>: scrypt + NaCl secretbox, which <c>cosign sign --key</c> reads.</summary>
    Cosign,
}

/// <summary>The wire names of <see cref="KeyFileFormat"/> (<c>keygen --format</c>).</summary>
public static class KeyFileFormats
{
    private static readonly (KeyFileFormat Format, string Name)[] Names =
    [
        (KeyFileFormat.Pkcs8, "pkcs8"),
        (KeyFileFormat.Cosign, "cosign"),
    ];

    public static IReadOnlyList<string> WireNames { get; } = Names.Select(n => n.Name).ToList();

    public static KeyFileFormat Parse(string name)
    {
        foreach (var (format, wire) in Names)
        {
            if (string.Equals(wire, name, StringComparison.OrdinalIgnoreCase))
            {
                return format;
            }
        }

        throw new InvalidInputException($"unknown key file format '{name}'; expected one of: {string.Join(", ", WireNames)}");
    }
}
