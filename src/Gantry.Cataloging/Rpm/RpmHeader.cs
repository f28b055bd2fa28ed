namespace Gantry.Cataloging.Rpm;

/// <summary>The fields of one installed rpm's header that go into the SBOM.</summary>
internal sealed record RpmHeader(
    string Name,
    string Version,
    string Release,
    int? Epoch,
    string? Architecture,
    string? SourceRpm,
    string? License,
    string? Vendor,
    string? ModularityLabel,
    long? Size,
    IReadOnlyList<string> Files)
{
    /// <summary>What <c>rpm -qa</c> prints: <c>NAME-VERSION-RELEASE.ARCH</c> (no arch for gpg-pubkey and other arch-less headers).</summary>
    public string Nevra => Architecture is { Length: > 0 } arch ? $"{Name}-{Version}-{Release}.{arch}" : $"{Name}-{Version}-{Release}";
}
