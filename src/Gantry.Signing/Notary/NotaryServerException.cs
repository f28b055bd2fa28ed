using Gantry.Core;

namespace Gantry.Signing.Notary;

/// <summary>
/// A notary-server refused or failed a request (an environment failure, exit 3). The message is one line naming the
/// server; <see cref="Code"/> is notary's own error code when it sent one, so callers can react to e.g. <c>VERSION</c>.
/// </summary>
public sealed class NotaryServerException(string message, string? code = null, Exception? inner = null)
    : GantryException(GantryErrorKind.Environment, message, inner)
{
    /// <summary>The notary error code (<c>VERSION</c>, <c>INVALID_UPDATE</c>, <c>METADATA_NOT_FOUND</c>…) or null.</summary>
    public string? Code { get; } = code;
}
