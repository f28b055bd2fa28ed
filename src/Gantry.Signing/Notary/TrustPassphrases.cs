namespace Gantry.Signing.Notary;

/// <summary>Which passphrase opens a key, as docker splits them: root keys, and every repository key (targets, snapshot, delegations).</summary>
public enum TrustKeyKind
{
    Root,
    Repository,
}

/// <summary>
/// Gives the passphrase for a key; <paramref name="description"/> says which key (for a prompt), and
/// <paramref name="creating"/> is true when the key is new (a prompt then asks twice). Hosts read environment
/// variables or a terminal; the library never does.
/// </summary>
public delegate string TrustPassphrases(TrustKeyKind kind, string description, bool creating);
