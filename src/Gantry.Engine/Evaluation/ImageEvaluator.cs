using Gantry.Cataloging.Secrets;
using Gantry.Core;
using Gantry.Engine.Gate;
using Gantry.Formats.Readers;
using Gantry.Images.Sources;
using Gantry.Policy.Bundles;
using Gantry.Policy.Dockerfile;
using Gantry.Policy.Evaluation;

namespace Gantry.Engine.Evaluation;

/// <summary>What to evaluate an image with; <c>evaluate</c> and <c>gate</c> take the same options.</summary>
public sealed record EvaluationOptions
{
    /// <summary>The Anchore policy bundle (JSON, version <c>1_0</c>).</summary>
    public required string PolicyPath { get; init; }

    /// <summary>The image's actual Dockerfile; null guesses it from the image.</summary>
    public string? DockerfilePath { get; init; }

    /// <summary>Secret rules in Trivy's format; null uses Anchore's defaults.</summary>
    public string? SecretRulesPath { get; init; }

    /// <summary>The vulnerability database file; null skips matching (the vulnerabilities gate sees no data).</summary>
    public string? DatabasePath { get; init; }

    /// <summary>True when the user named the database: a missing one is then an error, not "evaluate without findings".</summary>
    public bool DatabaseRequired { get; init; }

    /// <summary>The base image (<c>REF</c> or <c>REF@DIGEST</c>), overriding the <c>org.opencontainers.image.base.*</c> annotations.</summary>
    public string? BaseImage { get; init; }

    /// <summary>A folder of <c>*.pub</c> keys the base image's signature must verify with; null leaves it unchecked.</summary>
    public string? TrustedKeysFolder { get; init; }

    /// <summary>The notary server the base image's tag must be signed in (Docker Content Trust); null leaves that unchecked.</summary>
    public Trust.TrustAccess? BaseImageNotary { get; init; }

    public SbomOptions Analysis { get; init; } = SbomOptions.Default;
}

/// <summary>
/// The evaluation, the SBOM and findings it was made from, the base image check, and what the engine could not see
/// (shown beside the table).
/// </summary>
public sealed record ImageEvaluation(PolicyEvaluation Evaluation, Sbom Sbom, IReadOnlyList<string> Notes)
{
    /// <summary>The active findings the vulnerabilities gate saw.</summary>
    public IReadOnlyList<Finding> Findings { get; init; } = [];

    /// <summary>The base image and whether a trusted key verified its signature; null when the image names no base.</summary>
    public BaseImageCheck? BaseImage { get; init; }

    /// <summary>The evaluation in the terms hosts render, the notes among its warnings.</summary>
    public EvaluationReport Report => EvaluationReport.WithNotes(Evaluation, Notes);
}

/// <summary>
/// The one evaluation pipeline of <c>evaluate</c> and <c>gate</c>: load the bundle, the rules, the Dockerfile and the
/// trusted keys (bad ones fail before any image work), analyze the image once (buffering the files secrets and the
/// bundle's rules need), match vulnerabilities, detect the base image and check its signature, build the
/// <see cref="PolicyInput"/> and evaluate. A <c>sbom:</c> source skips analysis; file-based gates then see no files.
/// </summary>
public sealed class ImageEvaluator(SbomGenerator generator, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _clock = timeProvider ?? TimeProvider.System;

    public ImageEvaluator()
        : this(new SbomGenerator())
    {
    }

    public async Task<ImageEvaluation> EvaluateAsync(string source, EvaluationOptions options, IProgress<AnalysisProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var bundle = BundleLoader.LoadFile(options.PolicyPath);
        var rules = TrivySecretRules.LoadOrDefaults(options.SecretRulesPath);
        var dockerfile = options.DockerfilePath is null ? null : DockerfileParser.ParseFile(options.DockerfilePath);
        var trustedKeys = TrustedKey.LoadFolder(options.TrustedKeysFolder);
        try
        {
            var notes = new List<string>();
            var spec = SourceSpec.Parse(source);
            Sbom sbom;
            Images.FileSystem.IFileResolver? files = null;
            if (spec.Kind == SourceKind.Sbom)
            {
                sbom = SbomDocumentReader.Read(spec.Location, spec.Original);
                notes.Add($"{spec.Original}: an SBOM has no file contents: the files, passwd_file and retrieved_files checks saw nothing (secrets are the document's own)");
            }
            else
            {
                var analysis = await generator.AnalyzeAsync(source, options.Analysis with { SecretRules = rules }, BundleFilePaths.PathsNamedBy(bundle), progress, cancellationToken)
                    .ConfigureAwait(false);
                (sbom, files) = (analysis.Sbom, analysis.Files);
            }

            progress?.Report(new AnalysisProgress("matching", 0, 1));
            var vulnerabilities = VulnerabilityData.Load(sbom, options.DatabasePath, options.DatabaseRequired, cancellationToken);
            notes.AddRange(vulnerabilities.Notes);
            progress?.Report(new AnalysisProgress("matching", 1, 1));

            var input = PolicyInputBuilder.Build(sbom, files, vulnerabilities, dockerfile, BundleFilePaths.PathsNamedBy(bundle));
            var registry = options.Analysis.Source.On(_clock).Registry;
            var (detected, baseNotes) = await BaseImageDetector.DetectAsync(sbom.Source, registry, cancellationToken).ConfigureAwait(false);
            notes.AddRange(baseNotes);
            var baseCheck = await BaseImageTrust.CheckAsync(detected, options.BaseImage, trustedKeys, options.BaseImageNotary, registry, _clock, cancellationToken).ConfigureAwait(false);
            input = input with { BaseImage = BaseImageTrust.Apply(detected, options.BaseImage, baseCheck) };
            var settings = new EvaluationSettings { CompareVersion = SchemeVersionComparison.Compare, ContentSearchRules = rules };
            var evaluation = new PolicyEvaluator(settings, _clock).Evaluate(bundle, input);
            return new ImageEvaluation(evaluation, sbom, notes) { Findings = vulnerabilities.Findings, BaseImage = baseCheck };
        }
        finally
        {
            foreach (var key in trustedKeys)
            {
                key.Key.Dispose();
            }
        }
    }
}
