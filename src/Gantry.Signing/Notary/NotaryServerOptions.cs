namespace Gantry.Signing.Notary;

/// <summary>How to reach one notary-server (Notary v1): its URL and how far to trust the transport.</summary>
public sealed record NotaryServerOptions(Uri Server)
{
    /// <summary>A PEM bundle of extra CAs trusted for https, for a server behind a private CA.</summary>
    public string? CaFile { get; init; }

    /// <summary>
    /// Allows plain http to a host that is not loopback (<c>--trust-insecure</c>). Off by default: TUF metadata is signed,
    /// but a network attacker could still withhold updates or learn which images are pulled.
    /// </summary>
    public bool AllowInsecureHttp { get; init; }

    /// <summary>The longest one exchange (request, answer and body) may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}
