using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Gantry.Engine.Trust;
using Gantry.Signing.Notary;
using Gantry.Signing.Tuf;

namespace Gantry.Engine.Tests.Trust;

/// <summary><c>docker trust inspect</c>'s view of a verified repository: tag order, signers, administrative keys.</summary>
public sealed class TrustInspectionTests
{
    private static readonly DateTimeOffset Expires = new(2036, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static TufKey NewKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return TufKey.FromEcdsa(key);
    }

    private static FileMeta Target(string content) => FileMeta.Of(System.Text.Encoding.UTF8.GetBytes(content));

    private static TargetsMetadata Targets(IReadOnlyDictionary<string, FileMeta> targets, IReadOnlyList<(string Name, TufKey Key)> delegations) =>
        new(1, Expires, targets, delegations.ToDictionary(d => d.Key.Id, d => d.Key),
            delegations.Select(d => new DelegatedRole(d.Name, new RoleKeys([d.Key.Id], 1), [string.Empty])).ToList());

    private static VerifiedDelegation Delegation(string name, TufKey key, IReadOnlyDictionary<string, FileMeta> targets) =>
        new(new DelegatedRole(name, new RoleKeys([key.Id], 1), [string.Empty]), Targets(targets, []), SignedMetadata.Create(new JsonObject(), []));

    private static TrustedRepository Repository(TargetsMetadata targets, params VerifiedDelegation[] delegations)
    {
        var (root, repository) = (NewKey(), NewKey());
        var rootBody = new RootMetadata(1, Expires,
            new Dictionary<string, TufKey> { [root.Id] = root, [repository.Id] = repository },
            new Dictionary<string, RoleKeys>
            {
                [RoleNames.Root] = new([root.Id], 1),
                [RoleNames.Targets] = new([repository.Id], 1),
                [RoleNames.Snapshot] = new([repository.Id], 1),
                [RoleNames.Timestamp] = new([repository.Id], 1),
            });
        var empty = SignedMetadata.Create(new JsonObject(), []);
        return new TrustedRepository("127.0.0.1:5000/app", rootBody, empty, new TimestampMetadata(1, Expires, Target("s")), new SnapshotMetadata(1, Expires, new Dictionary<string, FileMeta>()),
            empty, targets, empty, delegations.ToDictionary(d => d.Role.Name), []);
    }

    [Fact]
    public void Should_List_Tags_In_Natural_Order_With_Repo_Admin_When_No_Signer_Signs_Them()
    {
        // Given
        var repository = Repository(Targets(new Dictionary<string, FileMeta> { ["v10"] = Target("10"), ["v2"] = Target("2"), ["latest"] = Target("l") }, []));

        // When
        var inspection = TrustInspection.From("127.0.0.1:5000/app", repository, tag: null);

        // Then
        Assert.Equal(["latest", "v2", "v10"], inspection.SignedTags.Select(t => t.SignedTag));
        Assert.All(inspection.SignedTags, t => Assert.Equal([TrustInspection.RepoAdmin], t.Signers));
        Assert.Equal(Convert.ToHexStringLower(Target("2").Sha256!), inspection.SignedTags[1].Digest);
        Assert.Equal(["Root", "Repository"], inspection.AdministrativeKeys.Select(k => k.Name));
        Assert.Equal(repository.Root.Role(RoleNames.Root).KeyIds, inspection.AdministrativeKeys[0].KeyIds);
        Assert.Empty(inspection.Signers);
    }

    [Fact]
    public void Should_Name_The_Signers_That_Sign_The_Same_Digest_And_Leave_Out_Releases_When_Delegations_Exist()
    {
        // Given: alice and bob are signers; releases and alice sign v1 with the same digest, bob another digest
        var (alice, bob, releases) = (NewKey(), NewKey(), NewKey());
        var targets = Targets(new Dictionary<string, FileMeta>(), [("targets/alice", alice), ("targets/bob", bob), (RoleNames.Releases, releases)]);
        var repository = Repository(targets,
            Delegation(RoleNames.Releases, releases, new Dictionary<string, FileMeta> { ["v1"] = Target("one") }),
            Delegation("targets/alice", alice, new Dictionary<string, FileMeta> { ["v1"] = Target("one") }),
            Delegation("targets/bob", bob, new Dictionary<string, FileMeta> { ["v1"] = Target("other") }));

        // When
        var inspection = TrustInspection.From("127.0.0.1:5000/app:v1", repository, tag: "v1");

        // Then
        var tag = Assert.Single(inspection.SignedTags);
        Assert.Equal(["alice"], tag.Signers);
        Assert.Equal(["bob", "alice"], inspection.Signers.Select(s => s.Name));
        Assert.Equal([alice.CanonicalId], inspection.Signers[1].KeyIds);
    }

    [Fact]
    public void Should_Show_Only_The_Named_Tag_When_The_Image_Names_One()
    {
        var repository = Repository(Targets(new Dictionary<string, FileMeta> { ["v1"] = Target("1"), ["v2"] = Target("2") }, []));

        var inspection = TrustInspection.From("127.0.0.1:5000/app:v2", repository, tag: "v2");

        Assert.Equal(["v2"], inspection.SignedTags.Select(t => t.SignedTag));
    }
}
