using Gantry.Core;
using Gantry.Engine.Evaluation;
using Gantry.Engine.Scanning;
using Gantry.Engine.Sources;
using Gantry.Images.FileSystem;
using Gantry.Images.Oci;
using Gantry.Images.Registry;
using Gantry.Images.Sources;
using Gantry.Policy.Bundles;
using Gantry.Policy.Dockerfile;
using Gantry.Policy.Evaluation;

namespace Gantry.Engine.Stored;

/// <summary>What a registry says about an image before anything is pulled: the manifest digest it serves, the image ID and the compressed size.</summary>
public sealed record RegistryImage(Digest Digest, string ImageId, long CompressedSize);

/// <summary>
/// The service's flows: analyze an image once into a <see cref="StoredAnalysis"/>, then match and evaluate that
/// analysis as often as the database or the policy changes, without pulling the image again. Matching and evaluation
/// are those of <c>scan</c> and <c>evaluate</c>; the base image is judged from the image alone.
/// </summary>
public sealed class StoredImageOperations(SbomGenerator generator, TimeProvider clock)
{
    /// <summary>The per-layer analysis cache <see cref="AnalyzeAsync"/> uses; the service sets it at start (null: none).</summary>
    public Caching.AnalysisCache? Cache { get; set; }

    /// <summary>Resolves <paramref name="reference"/> in its registry, reading only the manifest and the config.</summary>
    public async Task<RegistryImage> LookupAsync(string reference, RegistryAccess registry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var options = registry.ToOptions(clock);
        var parsed = ImageReference.Parse(reference);
        using var artifacts = new RegistryArtifacts(options);
        var digest = await artifacts.ResolveDigestAsync(parsed, cancellationToken).ConfigureAwait(false);
        var source = SourceSpec.Parse("registry:" + parsed.WithDigest(digest));
        using var image = await SourceOpener.OpenImageAsync(source, new ImageSourceOptions { Registry = options }, cancellationToken).ConfigureAwait(false);
        var description = image.Description;
        var imageId = description.ConfigDigest is { } config ? Digest.Parse(config).Hex : digest.Hex;
        return new RegistryImage(digest, imageId, description.Layers.Sum(l => l.Size));
    }

    /// <summary>
    /// Pulls and analyzes the image once. Secrets and content matches are found in that pass and kept in the SBOM; the
    /// file snapshot keeps every entry's metadata and the contents the catalogers read.
    /// </summary>
    public async Task<StoredAnalysis> AnalyzeAsync(string reference, RegistryAccess registry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var parsed = ImageReference.Parse(reference);
        var options = registry.ToOptions(clock);
        var sbomOptions = new SbomOptions { Source = new ImageSourceOptions { Registry = options }, Cache = Cache };
        var analysis = await generator.AnalyzeAsync("registry:" + parsed, sbomOptions, [], null, cancellationToken).ConfigureAwait(false);
        using var artifacts = new RegistryArtifacts(options);
        var manifest = await artifacts.TryGetManifestAsync(parsed, parsed.ManifestReference, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidInputException($"{parsed}: the manifest disappeared from the registry during analysis");
        var configDigest = analysis.Sbom.Source.ConfigDigest ?? throw new InvalidInputException($"{parsed}: the image has no config");
        var config = await artifacts.GetBlobAsync(parsed, new OciDescriptor { Digest = configDigest }, "config", cancellationToken).ConfigureAwait(false);
        return new StoredAnalysis(analysis.Sbom, FileSystemSnapshot.Capture(analysis.Files), manifest.Bytes, config);
    }

    /// <summary>The findings <c>gantry scan</c> reports for <paramref name="sbom"/> with the database at <paramref name="databasePath"/>.</summary>
    public static IReadOnlyList<Finding> Match(Sbom sbom, string databasePath, CancellationToken cancellationToken)
    {
        var options = new ScanOptions { DatabasePath = databasePath, AllowStale = true };
        using var store = Scanner.OpenDatabase(options);
        var report = Scanner.Scan(sbom, store, options, Scanner.LoadSuppressor(options), cancellationToken);
        return report.Active.Select(f => f.Finding).ToList();
    }

    /// <summary>
    /// Evaluates the stored analysis against the bundle in <paramref name="bundleJson"/> as <paramref name="fullTag"/> (for the
    /// bundle's mappings), with an optional Dockerfile and the database at <paramref name="databasePath"/> (none: no vulnerability data).
    /// </summary>
    public EvaluationReport Evaluate(string bundleJson, StoredAnalysis stored, string fullTag, string? dockerfile, string? databasePath,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var loaded = BundleLoader.Parse(bundleJson);
        var bundle = loaded.Bundle
            ?? throw new InvalidInputException($"the policy bundle cannot be evaluated: {string.Join("; ", loaded.Errors.Select(p => p.ToString()))}");
        var sbom = stored.Sbom with { Source = stored.Sbom.Source with { Tags = [fullTag] } };
        var parsedDockerfile = dockerfile is null ? null : DockerfileParser.Parse(dockerfile);
        var vulnerabilities = VulnerabilityData.Load(sbom, databasePath, databaseRequired: false, cancellationToken);
        var input = PolicyInputBuilder.Build(sbom, stored.Files.Restore(), vulnerabilities, parsedDockerfile, BundleFilePaths.PathsNamedBy(bundle));
        var settings = new EvaluationSettings { CompareVersion = SchemeVersionComparison.Compare };
        return new EvaluationReport(new PolicyEvaluator(settings, clock).Evaluate(bundle, input));
    }

    /// <summary>
    /// The diffIDs of the layers that belong to the image's base image, judged from the image alone (its history, as
    /// <c>evaluate</c> does without a registry): a finding in one of them is fixed by rebuilding or updating the base image.
    /// </summary>
    public static IReadOnlySet<string> BaseLayers(Sbom sbom)
    {
        ArgumentNullException.ThrowIfNull(sbom);
        return (BaseImageDetector.Detect(sbom.Source)?.LayerDiffIds ?? []).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The Dockerfile guessed from the image's history (Anchore's <c>metadata/dockerfile</c>).</summary>
    public static string GuessDockerfile(Sbom sbom)
    {
        ArgumentNullException.ThrowIfNull(sbom);
        return string.Join('\n', GuessedDockerfile.FromImage(sbom.Source)?.Instructions.Select(i => i.Text) ?? []) + "\n";
    }
}
