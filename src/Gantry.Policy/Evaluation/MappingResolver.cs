using Gantry.Policy.Bundles;

namespace Gantry.Policy.Evaluation;

/// <summary>Anchore's image selection (<c>MappingRule.matches</c>): registry and repository first, then tag, digest or id.</summary>
public static class MappingResolver
{
    /// <summary>The first mapping that selects the image, or null.</summary>
    public static MappingRule? FindMapping(PolicyBundle bundle, PolicyImage image)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        return bundle.Mappings.FirstOrDefault(m => Matches(m.Selection, image));
    }

    public static ImageSelectionRule? FindRule(IEnumerable<ImageSelectionRule> rules, PolicyImage image) =>
        rules.FirstOrDefault(r => Matches(r, image));

    public static bool Matches(ImageSelectionRule rule, PolicyImage image)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(image);
        if (!WildcardPattern.IsMatch(rule.Registry, image.Registry) || !RepositoryMatches(rule.Repository, image))
        {
            return false;
        }

        var value = rule.Image.Value;
        return rule.Image.Type switch
        {
            ImageSelectorType.Digest => image.Digest is not null && value == image.Digest,
            ImageSelectorType.Id => SameId(value, image.ImageId),
            _ => (image.Tag is not null && WildcardPattern.IsMatch(value, image.Tag)) || SameId(value, image.ImageId) || (image.Digest is not null && value == image.Digest),
        };
    }

    /// <summary>Docker Hub official images match as <c>library/alpine</c> and as <c>alpine</c>, since bundles use both.</summary>
    private static bool RepositoryMatches(string pattern, PolicyImage image)
    {
        if (WildcardPattern.IsMatch(pattern, image.Repository))
        {
            return true;
        }

        const string Library = "library/";
        return image.Registry == "docker.io"
            && image.Repository.StartsWith(Library, StringComparison.Ordinal)
            && WildcardPattern.IsMatch(pattern, image.Repository[Library.Length..]);
    }

    private static bool SameId(string value, string? imageId) =>
        imageId is not null && StripAlgorithm(value) == StripAlgorithm(imageId);

    private static string StripAlgorithm(string id) => id.StartsWith("sha256:", StringComparison.Ordinal) ? id["sha256:".Length..] : id;
}
