using Gantry.Core;
using Gantry.Images.FileSystem;
using Gantry.Policy.Bundles;
using Gantry.Policy.Dockerfile;
using Gantry.Policy.Evaluation;
using Gantry.Policy.Secrets;

namespace Gantry.Engine.Evaluation;

/// <summary>
/// <c>evaluate</c> of an image analyzed earlier (the service's stored SBOM and file snapshot): the same input
/// building and evaluation as <see cref="ImageEvaluator"/>, with the base image judged from the image alone, so
/// nothing is pulled or looked up again.
/// </summary>
public sealed class StoredImageEvaluator(TimeProvider? timeProvider = null)
{
    /// <summary>Evaluates <paramref name="sbom"/> and <paramref name="files"/> against <paramref name="bundle"/>, matched with the database at <paramref name="databasePath"/>.</summary>
    public PolicyEvaluation Evaluate(PolicyBundle bundle, Sbom sbom, IFileResolver files, string? databasePath, ParsedDockerfile? dockerfile,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(sbom);
        var vulnerabilities = VulnerabilityData.Load(sbom, databasePath, databaseRequired: false, cancellationToken);
        var input = new PolicyInputBuilder(new SecretScanner(SecretRuleSet.AnchoreDefaults))
            .Build(sbom, files, vulnerabilities, dockerfile, SecretScanGlobs.PathsNamedBy(bundle));
        var settings = new EvaluationSettings { CompareVersion = SchemeVersionComparison.Compare };
        return new PolicyEvaluator(settings, timeProvider).Evaluate(bundle, input);
    }
}
