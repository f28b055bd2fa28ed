using System.Security.Cryptography;
using System.Text;
using Gantry.Core;

namespace Gantry.Signing.Notary;

/// <summary>
/// notary's PEM blocks: a label, RFC 1421 headers (<c>gun: …</c>, <c>role: …</c>), a blank line, then base64.
/// .NET's PEM readers refuse headers, so notary's key files are read and written here.
/// </summary>
public sealed record NotaryPem(string Label, IReadOnlyDictionary<string, string> Headers, byte[] Data)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name);

    public static NotaryPem Parse(string text, string source)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var begin = Array.FindIndex(lines, l => l.StartsWith("-----BEGIN ", StringComparison.Ordinal) && l.EndsWith("-----", StringComparison.Ordinal));
        if (begin < 0)
        {
            throw new InvalidInputException($"{source}: not a PEM file (no -----BEGIN line)");
        }

        var label = lines[begin]["-----BEGIN ".Length..^"-----".Length];
        var end = Array.FindIndex(lines, begin + 1, l => l == $"-----END {label}-----");
        if (end < 0)
        {
            throw new InvalidInputException($"{source}: PEM block '{label}' has no END line (truncated?)");
        }

        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        var body = new StringBuilder();
        for (var i = begin + 1; i < end; i++)
        {
            var line = lines[i].Trim();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (body.Length == 0 && colon > 0)
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
            else
            {
                body.Append(line);
            }
        }

        try
        {
            return new NotaryPem(label, headers, Convert.FromBase64String(body.ToString()));
        }
        catch (FormatException)
        {
            throw new InvalidInputException($"{source}: the PEM body of '{label}' is not base64");
        }
    }

    /// <summary>
    /// The ECDSA private key of an <c>ENCRYPTED PRIVATE KEY</c> (the passphrase is asked only then), <c>PRIVATE KEY</c>
    /// or <c>EC PRIVATE KEY</c> block; a wrong passphrase or another kind of key is one line naming <paramref name="source"/>.
    /// </summary>
    public ECDsa ImportPrivateKey(Func<string> passphrase, string source)
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        var key = ECDsa.Create();
        try
        {
            switch (Label)
            {
                case "ENCRYPTED PRIVATE KEY":
                    key.ImportEncryptedPkcs8PrivateKey(passphrase(), Data, out _);
                    break;
                case "PRIVATE KEY":
                    key.ImportPkcs8PrivateKey(Data, out _);
                    break;
                case "EC PRIVATE KEY":
                    key.ImportECPrivateKey(Data, out _);
                    break;
                default:
                    throw new InvalidInputException($"{source}: a '{Label}' block is not an ECDSA private key");
            }

            return key;
        }
        catch (CryptographicException ex)
        {
            key.Dispose();
            throw new InvalidInputException($"{source}: cannot open the private key: wrong passphrase or not an ECDSA key ({ex.Message.TrimEnd('.')})", ex);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Headers sorted, a blank line after them, base64 in 64-column lines: the layout notary writes.</summary>
    public override string ToString()
    {
        var text = new StringBuilder().Append("-----BEGIN ").Append(Label).Append("-----\n");
        foreach (var (name, value) in Headers.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            text.Append(name).Append(": ").Append(value).Append('\n');
        }

        if (Headers.Count > 0)
        {
            text.Append('\n');
        }

        var base64 = Convert.ToBase64String(Data);
        for (var i = 0; i < base64.Length; i += 64)
        {
            text.Append(base64.AsSpan(i, Math.Min(64, base64.Length - i))).Append('\n');
        }

        return text.Append("-----END ").Append(Label).Append("-----\n").ToString();
    }
}
