using Gantry.Cataloging.Secrets;
using Gantry.Core;
using Gantry.Engine.Evaluation;
using Gantry.Images.Copy;
using Gantry.Images.Registry;
using Gantry.Images.Sources;
using Gantry.Policy;
using Gantry.Policy.Evaluation;
using Gantry.Signing.Cosign;
using Gantry.Signing.Verification;

namespace Gantry.Engine.Gate;

/// <summary>
/// <c>gate</c> as a library call: the evaluation pipeline of <see cref="ImageEvaluator"/> (so <c>gate</c> decides as
/// <c>evaluate</c> does on the same image and bundle), then the <c>--fail-on</c> threshold; on GO or WARN copy the image to the destination with its digest
/// unchanged, sign it there and verify the new signature. On STOP nothing is pushed. Bad inputs (bundle, rules,
/// Dockerfile, destination) fail before the image is read.
/// </summary>
public sealed class ImageGate(SbomGenerator generator, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _clock = timeProvider ?? TimeProvider.System;
    private readonly ImageEvaluator _evaluator = new(generator, timeProvider);
    private readonly Trust.TrustOperations _trust = new(timeProvider ?? TimeProvider.System);

    public ImageGate()
        : this(new SbomGenerator())
    {
    }

    public async Task<GateResult> RunAsync(string source, GateOptions options, IProgress<AnalysisProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var destination = DestinationOf(options.Destination);
        if (options.Notary is not null && destination.Tag is null)
        {
            throw new InvalidInputException($"--push {options.Destination}: Docker Content Trust signs tags; name a tag to sign in the notary server");
        }

        if (SourceSpec.Parse(source).Kind is SourceKind.Sbom or SourceKind.Directory)
        {
            throw new InvalidInputException($"{source}: the gate pushes the image it evaluates: give an image (docker-archive:, oci-dir:, oci-archive: or registry:), not an SBOM or a directory");
        }

        var outcome = await _evaluator.EvaluateAsync(source, options.Evaluation, progress, cancellationToken).ConfigureAwait(false);
        var evaluation = outcome.Evaluation;
        var failOn = options.FailOn is { } threshold ? outcome.Findings.Count(f => f.Vulnerability.Severity >= threshold) : 0;
        var result = new GateResult
        {
            Decision = failOn > 0 ? GateAction.Stop : evaluation.FinalAction,
            Reason = failOn > 0
                ? $"{failOn} finding(s) at or above --fail-on {options.FailOn!.Value.ToString().ToLowerInvariant()}"
                : $"policy {evaluation.FinalAction.ToWireName().ToUpperInvariant()} ({evaluation.ReasonText}): {StopSummary(evaluation)}",
            Evaluation = evaluation,
            Findings = outcome.Findings,
            FailOnFindings = failOn,
            Notes = outcome.Notes,
            BaseImage = outcome.BaseImage,
        };
        return result.Decision == GateAction.Stop
            ? result
            : await PromoteAsync(source, destination, result, options, cancellationToken).ConfigureAwait(false);
    }

    private async Task<GateResult> PromoteAsync(string source, ImageReference destination, GateResult result, GateOptions options, CancellationToken cancellationToken)
    {
        var sourceOptions = options.Evaluation.Analysis.Source.On(_clock);
        var copy = await ImageCopier.CopyAsync(source, "registry:" + destination, sourceOptions.Selector, sourceOptions.Registry, cancellationToken).ConfigureAwait(false);
        var pushed = (destination with { Tag = null }).WithDigest(copy.ManifestDigest).ToString();
        result = result with { PushedReference = pushed };
        if (options.SigningKey is not null)
        {
            await ImageSigner.SignAsync(pushed, options.SigningKey, new Dictionary<string, string>(), sourceOptions.Registry, cancellationToken).ConfigureAwait(false);
            var verification = await ImageVerifier.VerifyAsync(pushed, options.SigningKey, new Dictionary<string, string>(), sourceOptions.Registry, cancellationToken)
                .ConfigureAwait(false);
            result = result with
            {
                SignatureVerified = verification.IsVerified,
                Reason = verification.IsVerified ? result.Reason : $"pushed {pushed} but its signature did not verify: {verification.FailureReason}",
            };
        }

        return options.Notary is null ? result : await SignInNotaryAsync(destination, copy.ManifestDigest, result, options.Notary, sourceOptions.Registry, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Signs the pushed tag in the notary server, then verifies it from the pinned root against the digest just pushed.</summary>
    private async Task<GateResult> SignInNotaryAsync(ImageReference destination, Digest pushedDigest, GateResult result, Trust.TrustAccess notary,
        RegistryOptions registry, CancellationToken cancellationToken)
    {
        var tagged = destination.ToString();
        await _trust.SignAsync(tagged, notary, registry, cancellationToken).ConfigureAwait(false);
        var verification = await _trust.VerifyAsync(tagged, notary, registry, cancellationToken).ConfigureAwait(false);
        var reason = verification.FailureReason
                     ?? (verification.SignedDigest == pushedDigest.ToString() ? null : $"the tag now points at {verification.SignedDigest}, not the pushed {pushedDigest}");
        return result with
        {
            NotarySignature = reason is null ? verification : verification with { FailureReason = reason },
            Reason = reason is null ? result.Reason : $"pushed {tagged} but its Docker Content Trust signature did not verify: {reason}",
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
