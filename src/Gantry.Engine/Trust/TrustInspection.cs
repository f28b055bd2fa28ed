using Gantry.Signing.Notary;
using Gantry.Signing.Tuf;

namespace Gantry.Engine.Trust;

/// <summary>A signed tag as <c>docker trust inspect</c> shows it: hex digest, and the signers (delegations) that sign the same digest.</summary>
public sealed record InspectedTag(string SignedTag, string Digest, IReadOnlyList<string> Signers);

/// <summary>A named set of key IDs: a signer (delegation) or an administrative role (Root, Repository).</summary>
public sealed record InspectedKeys(string Name, IReadOnlyList<string> KeyIds);

/// <summary>
/// One repository in <c>docker trust inspect</c>'s shape, built from data that verified: the released tags (sorted
/// naturally), the signers other than <c>targets/releases</c> (canonical key IDs), and the Root and Repository keys
/// as root.json lists them. Both key lists are sorted by name, descending, as docker prints them.
/// </summary>
public sealed record TrustInspection(string Name, IReadOnlyList<InspectedTag> SignedTags, IReadOnlyList<InspectedKeys> Signers,
    IReadOnlyList<InspectedKeys> AdministrativeKeys)
{
    /// <summary>docker's name for a tag no delegation other than the released roles signs.</summary>
    public const string RepoAdmin = "Repo Admin";

    public static TrustInspection From(string name, TrustedRepository repository, string? tag)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var signerRoles = repository.Delegations.Values.Where(d => d.Role.Name != RoleNames.Releases).ToList();
        var tags = repository.ReleasedTargets()
            .Where(t => tag is null || t.Name == tag)
            .OrderBy(t => t.Name, NaturalOrder.Instance)
            .Select(t =>
            {
                var signers = signerRoles
                    .Where(d => d.Metadata.Targets.TryGetValue(t.Name, out var meta) && meta.Sha256 is { } sha && sha.AsSpan().SequenceEqual(t.Meta.Sha256))
                    .Select(d => SignerName(d.Role.Name))
                    .Order(StringComparer.Ordinal)
                    .ToList();
                return new InspectedTag(t.Name, t.DigestHex, signers.Count == 0 ? [RepoAdmin] : signers);
            })
            .ToList();

        var delegations = repository.Targets.Delegations
            .Where(d => d.Name != RoleNames.Releases)
            .Select(d => new InspectedKeys(SignerName(d.Name), repository.Targets.KeysOf(d).Values.Select(k => k.CanonicalId).Order(StringComparer.Ordinal).ToList()))
            .OrderByDescending(k => k.Name, StringComparer.Ordinal)
            .ToList();

        var administrative = new[]
            {
                new InspectedKeys("Root", repository.Root.Role(RoleNames.Root).KeyIds),
                new InspectedKeys("Repository", repository.Root.Role(RoleNames.Targets).KeyIds),
            }
            .OrderByDescending(k => k.Name, StringComparer.Ordinal)
            .ToList();
        return new TrustInspection(name, tags, delegations, administrative);
    }

    private static string SignerName(string role) => role[(RoleNames.Targets.Length + 1)..];

    /// <summary>Tags compared with runs of digits as numbers (<c>v2</c> before <c>v10</c>), as docker sorts them.</summary>
    private sealed class NaturalOrder : IComparer<string>
    {
        public static readonly NaturalOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            int i = 0, j = 0;
            x ??= string.Empty;
            y ??= string.Empty;
            while (i < x.Length && j < y.Length)
            {
                if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
                {
                    var (a, nextI) = Number(x, i);
                    var (b, nextJ) = Number(y, j);
                    var byNumber = a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);
                    if (byNumber != 0)
                    {
                        return byNumber;
                    }

                    (i, j) = (nextI, nextJ);
                }
                else if (x[i] != y[j])
                {
                    return x[i].CompareTo(y[j]);
                }
                else
                {
                    (i, j) = (i + 1, j + 1);
                }
            }

            return (x.Length - i).CompareTo(y.Length - j);
        }

        /// <summary>The digit run at <paramref name="start"/> without leading zeros, and the index after it.</summary>
        private static (string Digits, int End) Number(string text, int start)
        {
            var end = start;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            var digits = text[start..end].TrimStart('0');
            return (digits, end);
        }
    }
}
