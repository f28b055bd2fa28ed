using Gantry.Cataloging.Secrets;
using Gantry.Core;
using Gantry.Engine.Evaluation;
using Gantry.Images.Copy;
using Gantry.Images.Registry;
using Gantry.Images.Sources;
using Gantry.Policy;
using Gantry.Policy.Bundles;
using Gantry.Policy.Dockerfile;
using Gantry.Policy.Evaluation;
using Gantry.Signing.Cosign;
using Gantry.Signing.Verification;

namespace Gantry.Engine.Gate;

/// <summary>
/// <c>gate</c> as a library call: analyze and match the image in one pass, check its base image's signature, evaluate
/// the policy (and the <c>--fail-on</c> threshold); on GO or WARN copy the image to the destination with its digest
/// unchanged, sign it there and verify the new signature. On STOP nothing is pushed. Bad inputs (bundle, rules,
/// Dockerfile, destination) fail before the image is read.
/// </summary>
public sealed class ImageGate(SbomGenerator generator, TimeProvider? timeProvider = null)
{
    public ImageGate()
        : this(new SbomGenerator())
    {
    }

    public async Task<GateResult> RunAsync(string source, GateOptions options, IProgress<AnalysisProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var evaluationOptions = options.Evaluation;
        var bundle = BundleLoader.LoadFile(evaluationOptions.PolicyPath);
        var rules = TrivySecretRules.LoadOrDefaults(evaluationOptions.SecretRulesPath);
        var dockerfile = evaluationOptions.DockerfilePath is null ? null : DockerfileParser.ParseFile(evaluationOptions.DockerfilePath);
        var destination = DestinationOf(options.Destination);
        if (SourceSpec.Parse(source).Kind is SourceKind.Sbom or SourceKind.Directory)
        {
            throw new InvalidInputException($"{source}: the gate pushes the image it evaluates: give an image (docker-archive:, oci-dir:, oci-archive: or registry:), not an SBOM or a directory");
        }

        var registry = evaluationOptions.Analysis.Source.Registry;
        var analysis = await generator.AnalyzeAsync(source, evaluationOptions.Analysis with { SecretRules = rules }, BundleFilePaths.PathsNamedBy(bundle), progress, cancellationToken)
            .ConfigureAwait(false);
        progress?.Report(new AnalysisProgress("matching", 0, 1));
        var vulnerabilities = VulnerabilityData.Load(analysis.Sbom, evaluationOptions.DatabasePath, evaluationOptions.DatabaseRequired, cancellationToken);
        progress?.Report(new AnalysisProgress("matching", 1, 1));

        var input = PolicyInputBuilder.Build(analysis.Sbom, analysis.Files, vulnerabilities, dockerfile, BundleFilePaths.PathsNamedBy(bundle));
        var (baseImage, baseNotes) = await BaseImageDetector.DetectAsync(analysis.Sbom.Source, registry, cancellationToken).ConfigureAwait(false);
        input = input with { BaseImage = baseImage };
        var baseCheck = await BaseImageTrust.CheckAsync(input.BaseImage, options.BaseImage, options.TrustedKeys, registry, cancellationToken).ConfigureAwait(false);
        input = input with { BaseImage = BaseImageTrust.Apply(input.BaseImage, options.BaseImage, baseCheck) };
        var settings = new EvaluationSettings { CompareVersion = SchemeVersionComparison.Compare, ContentSearchRules = rules };
        var evaluation = new PolicyEvaluator(settings, timeProvider).Evaluate(bundle, input);

        var failOn = options.FailOn is { } threshold ? vulnerabilities.Findings.Count(f => f.Vulnerability.Severity >= threshold) : 0;
        var result = new GateResult
        {
            Decision = failOn > 0 ? GateAction.Stop : evaluation.FinalAction,
            Reason = failOn > 0
                ? $"{failOn} finding(s) at or above --fail-on {options.FailOn!.Value.ToString().ToLowerInvariant()}"
                : $"policy {evaluation.FinalAction.ToWireName().ToUpperInvariant()} ({evaluation.ReasonText}): {StopSummary(evaluation)}",
            Evaluation = evaluation,
            Findings = vulnerabilities.Findings,
            FailOnFindings = failOn,
            Notes = [.. vulnerabilities.Notes, .. baseNotes],
            BaseImage = baseCheck,
        };
        return result.Decision == GateAction.Stop
            ? result
            : await PromoteAsync(source, destination, result, options, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<GateResult> PromoteAsync(string source, ImageReference destination, GateResult result, GateOptions options, CancellationToken cancellationToken)
    {
        var sourceOptions = options.Evaluation.Analysis.Source;
        var copy = await ImageCopier.CopyAsync(source, "registry:" + destination, sourceOptions.Selector, sourceOptions.Registry, cancellationToken).ConfigureAwait(false);
        var pushed = (destination with { Tag = null }).WithDigest(copy.ManifestDigest).ToString();
        if (options.SigningKey is null)
        {
            return result with { PushedReference = pushed };
        }

        await ImageSigner.SignAsync(pushed, options.SigningKey, new Dictionary<string, string>(), sourceOptions.Registry, cancellationToken).ConfigureAwait(false);
        var verification = await ImageVerifier.VerifyAsync(pushed, options.SigningKey, new Dictionary<string, string>(), sourceOptions.Registry, cancellationToken)
            .ConfigureAwait(false);
        return result with
        {
            PushedReference = pushed,
            SignatureVerified = verification.IsVerified,
            Reason = verification.IsVerified ? result.Reason : $"pushed {pushed} but its signature did not verify: {verification.FailureReason}",
        };
    }

    private static ImageReference DestinationOf(string destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var text = destination.StartsWith("registry:", StringComparison.Ordinal) ? destination["registry:".Length..] : destination;
        var reference = ImageReference.Parse(text);
        return reference.Digest is null
            ? reference
            : throw new InvalidInputException($"--push {destination}: name a repository or a tag, not a digest (the digest is the image's own)");
    }

    private static string StopSummary(PolicyEvaluation evaluation)
    {
        var stops = evaluation.Rows.Where(r => r.EffectiveAction == GateAction.Stop).ToList();
        return stops.Count == 0
            ? $"{evaluation.Rows.Count(r => r.EffectiveAction == GateAction.Warn)} WARN row(s), no STOP"
            : string.Join("; ", stops.Take(3).Select(r => $"{r.Gate}/{r.Trigger}: {r.CheckOutput}")) + (stops.Count > 3 ? $"; and {stops.Count - 3} more" : string.Empty);
    }
}
