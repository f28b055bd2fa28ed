using Gantry.Policy.Bundles;
using Gantry.Policy.Evaluation;

namespace Gantry.Policy.Tests;

public class MappingResolverTests
{
    private const string Digest = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string ImageId = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    [Theory]
    [InlineData("*", "*", "tag", "*", "nginx:1.25", true)]
    [InlineData("docker.io", "library/nginx", "tag", "1.25", "nginx:1.25", true)]
    [InlineData("docker.io", "nginx", "tag", "1.25", "nginx:1.25", true)] // Docker Hub short form
    [InlineData("docker.io", "nginx", "tag", "1.24", "nginx:1.25", false)]
    [InlineData("docker.io", "library/*", "tag", "1.*", "nginx:1.25", true)]
    [InlineData("quay.io", "*", "tag", "*", "nginx:1.25", false)]
    [InlineData("*", "org/*", "tag", "*", "ghcr.io/org/app:v1", true)]
    [InlineData("ghcr.io", "regexp:org/(app|api)", "tag", "v1", "ghcr.io/org/api:v1", true)]
    [InlineData("ghcr.io", "regexp:org/(app|api)", "tag", "v1", "ghcr.io/org/web:v1", false)]
    [InlineData("*", "*", "tag", "regexp:^v[0-9]+$", "ghcr.io/org/app:v12", true)]
    [InlineData("*", "*", "tag", "regexp:^v[0-9]+$", "ghcr.io/org/app:latest", false)]
    [InlineData("*", "*", "digest", Digest, "ghcr.io/org/app@" + Digest, true)]
    [InlineData("*", "*", "digest", Digest, "ghcr.io/org/app:v1", false)]
    [InlineData("*", "*", "id", ImageId, "ghcr.io/org/app:v1", true)]
    [InlineData("*", "*", "id", "sha256:" + ImageId, "ghcr.io/org/app:v1", true)]
    [InlineData("*", "*", "tag", ImageId, "ghcr.io/org/app:v1", true)] // a tag rule also accepts the image id
    [InlineData("localhost:5000", "app", "tag", "*", "localhost:5000/app:dev", true)]
    [InlineData("docker.io", "org/app", "tag", "*", "dockerhub/org/app:1", true)]
    public void Should_MatchSelectionRule_When_ImageFitsRegistryRepositoryAndSelector(string registry, string repository, string type, string value, string reference, bool expected)
    {
        var image = PolicyImage.Parse(reference, reference.Contains('@', StringComparison.Ordinal) ? null : ImageId);
        var selectorType = Enum.Parse<ImageSelectorType>(type, ignoreCase: true);
        var rule = new ImageSelectionRule("r", "r", registry, repository, new ImageSelector(selectorType, value));

        Assert.Equal(expected, MappingResolver.Matches(rule, image));
    }

    [Fact]
    public void Should_ReturnFirstMatchingMapping_When_SeveralMatch()
    {
        static MappingRule Mapping(string id, string repository) =>
            new(new ImageSelectionRule(id, id, "*", repository, new ImageSelector(ImageSelectorType.Tag, "*")), ["p"], []);
        var bundle = new PolicyBundle { Id = "b", Mappings = [Mapping("specific", "org/app"), Mapping("catchall", "*"), Mapping("never", "org/*")] };

        Assert.Equal("specific", MappingResolver.FindMapping(bundle, PolicyImage.Parse("ghcr.io/org/app:1"))!.Id);
        Assert.Equal("catchall", MappingResolver.FindMapping(bundle, PolicyImage.Parse("ghcr.io/org/other:1"))!.Id);
    }

    [Theory]
    [InlineData("nginx", "docker.io", "library/nginx", "latest", null)]
    [InlineData("ghcr.io/org/app:v1", "ghcr.io", "org/app", "v1", null)]
    [InlineData("localhost:5000/app", "localhost:5000", "app", "latest", null)]
    [InlineData("org/app@" + Digest, "docker.io", "org/app", null, Digest)]
    public void Should_SplitReference_When_Parsing(string reference, string registry, string repository, string? tag, string? digest)
    {
        var image = PolicyImage.Parse(reference);

        Assert.Equal((registry, repository, tag, digest), (image.Registry, image.Repository, image.Tag, image.Digest));
    }

    [Theory]
    [InlineData("nginx:1.25", "docker.io/library/nginx:1.25")]
    [InlineData("ghcr.io/org/app", "ghcr.io/org/app:latest")]
    [InlineData("ghcr.io/org/app@" + Digest, "ghcr.io/org/app@" + Digest)]
    public void Should_PrintFullTagAsAnchore_When_Formatting(string reference, string expected)
    {
        Assert.Equal(expected, PolicyImage.Parse(reference).FullTag);
    }
}
