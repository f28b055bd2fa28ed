namespace Gantry.Signing.Verification;

/// <summary>The outcome for one signature layer: verified, or the reason it was rejected.</summary>
public sealed record SignatureCheck(int Index, string PayloadDigest, bool Verified, string Detail);
