using Gantry.Core;
using Gantry.Engine.Gate;
using Gantry.Images.Registry;
using Gantry.Policy.Evaluation;

namespace Gantry.Engine.Tests.Gate;

public sealed class BaseImageTrustTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task Should_Check_Nothing_When_No_Base_Image_Is_Named()
    {
        var check = await BaseImageTrust.CheckAsync(new BaseImageFacts { LayerDiffIds = ["sha256:aa"] }, null, [], null, RegistryOptions.Default, TimeProvider.System, CancellationToken.None);

        Assert.Null(check);
    }

    [Fact]
    public async Task Should_Leave_The_Signature_Unchecked_When_No_Key_Is_Trusted()
    {
        var facts = new BaseImageFacts { Reference = "registry.example.com/trusted/base:1", Digest = Digest };

        var check = await BaseImageTrust.CheckAsync(facts, null, [], null, RegistryOptions.Default, TimeProvider.System, CancellationToken.None);

        Assert.Equal(new BaseImageCheck($"registry.example.com/trusted/base:1@{Digest}", null, "no trusted keys given: the base image's signature was not checked"), check);
        Assert.Null(BaseImageTrust.Apply(facts, null, check)!.SignatureVerified);
    }

    [Fact]
    public async Task Should_Name_The_Annotation_When_The_Base_Digest_Is_Malformed()
    {
        var facts = new BaseImageFacts { Reference = "registry.example.com/trusted/base:1", Digest = "sha256:nothex" };

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => BaseImageTrust.CheckAsync(facts, null, [], null, RegistryOptions.Default, TimeProvider.System, CancellationToken.None));

        Assert.Equal("base image digest annotation: 'sha256:nothex' is not a valid digest", error.Message);
    }

    [Fact]
    public void Should_Replace_The_Annotated_Base_With_The_Flag_And_Record_The_Outcome_When_Applying_A_Check()
    {
        var detected = new BaseImageFacts { Reference = "docker.io/library/debian:12", LayerDiffIds = ["sha256:aa"] };
        var check = new BaseImageCheck($"registry.example.com/trusted/base@{Digest}", false, "no signature");

        var facts = BaseImageTrust.Apply(detected, $"registry:registry.example.com/trusted/base@{Digest}", check)!;

        Assert.Equal("registry.example.com/trusted/base", facts.Reference);
        Assert.Equal(Digest, facts.Digest);
        Assert.Equal(["sha256:aa"], facts.LayerDiffIds);
        Assert.False(facts.SignatureVerified);
    }
}
