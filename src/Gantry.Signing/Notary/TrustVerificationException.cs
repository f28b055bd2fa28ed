using Gantry.Core;

namespace Gantry.Signing.Notary;

/// <summary>Why a repository's trust data did not verify, in one line: not signed, digest differs, expired, root changed, rollback, threshold.</summary>
public sealed class TrustVerificationException(string reason)
    : GantryException(GantryErrorKind.Environment, reason);
