using Gantry.Policy.Bundles;

namespace Gantry.Engine.Evaluation;

/// <summary>The files a bundle's rules read by name, requested exactly in the SBOM's single layer pass.</summary>
public static class BundleFilePaths
{
    /// <summary>Absolute paths named by <c>retrieved_files.path</c> and <c>files.attribute_match.filename</c>.</summary>
    public static IEnumerable<string> PathsNamedBy(PolicyBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        foreach (var rule in bundle.Policies.SelectMany(p => p.Rules))
        {
            var name = (rule.Gate.ToLowerInvariant(), rule.Trigger.ToLowerInvariant()) switch
            {
                ("retrieved_files", _) => "path",
                ("files", "attribute_match") => "filename",
                _ => null,
            };
            if (name is not null && rule.Params.TryGetValue(name, out var path) && path.StartsWith('/'))
            {
                yield return path;
            }
        }
    }
}
