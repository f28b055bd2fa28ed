using System.Text.Json.Serialization;
using Gantry.Formats.Common;

namespace Gantry.Formats.Trust;

/// <summary>
/// One repository as <c>docker trust inspect</c> prints it, field names and order included, so scripts written
/// for docker's output read Gantry's: <c>Name</c>, <c>SignedTags</c>, <c>Signers</c>, <c>AdministrativeKeys</c>.
/// </summary>
public sealed record TrustInspectDocument(
    [property: JsonPropertyName("Name")] string Name,
    [property: JsonPropertyName("SignedTags")] IReadOnlyList<TrustSignedTag> SignedTags,
    [property: JsonPropertyName("Signers")] IReadOnlyList<TrustKeySet> Signers,
    [property: JsonPropertyName("AdministrativeKeys")] IReadOnlyList<TrustKeySet> AdministrativeKeys);

/// <summary>A signed tag: its hex SHA-256 digest and who signs it (<c>Repo Admin</c> when no other signer does).</summary>
public sealed record TrustSignedTag(
    [property: JsonPropertyName("SignedTag")] string SignedTag,
    [property: JsonPropertyName("Digest")] string Digest,
    [property: JsonPropertyName("Signers")] IReadOnlyList<string> Signers);

/// <summary>A signer or an administrative role with its key IDs.</summary>
public sealed record TrustKeySet(
    [property: JsonPropertyName("Name")] string Name,
    [property: JsonPropertyName("Keys")] IReadOnlyList<TrustKeyId> Keys);

public sealed record TrustKeyId([property: JsonPropertyName("ID")] string Id);

/// <summary>Writes the JSON array <c>docker trust inspect</c> prints, one object per inspected image.</summary>
public static class TrustInspectWriter
{
    public static void Write(IReadOnlyList<TrustInspectDocument> documents, Stream output) => JsonOutput.Write(documents, output);
}
