using System.Text.Json;
using Gantry.Core;
using Gantry.Engine;
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
using Gantry.Vulnerabilities.Store;

namespace Gantry.Server.Analysis;

/// <summary>What the registry says about an image at add time, before anything is pulled.</summary>
public sealed record ImageLookup(string Digest, string ImageId, long CompressedSize);

/// <summary>What analysis keeps per digest: enough to re-match and re-evaluate without pulling the image again.</summary>
public sealed record AnalysisDocuments(Sbom Sbom, FileSystemSnapshot Files, byte[] Manifest, byte[] Config);

/// <summary>The vulnerability database's identity: results computed with one build stay valid until the build changes.</summary>
public sealed record DatabaseState(string Path, string BuildId, DateTimeOffset? Built, IReadOnlyList<SourceSummary> Sources);

/// <summary>
/// The one place the service calls the engine (registry lookups, analysis, matching, policy evaluation, bundle
/// validation, SBOM documents). When the engine's facade changes, this file is what follows it.
/// </summary>
public sealed class EngineAdapter(TimeProvider timeProvider)
{
    private readonly SbomGenerator _generator = new();

    /// <summary>Resolves the reference in its registry: the digest the registry serves for it, the image ID and the compressed size.</summary>
    public static async Task<ImageLookup> LookupAsync(string pullReference, RegistryOptions registry, CancellationToken cancellationToken)
    {
        var reference = ImageReference.Parse(pullReference);
        using var artifacts = new RegistryArtifacts(registry);
        var digest = await artifacts.ResolveDigestAsync(reference, cancellationToken).ConfigureAwait(false);
        var pinned = reference.WithDigest(digest);
        using var image = await SourceOpener.OpenImageAsync(SourceSpec.Parse("registry:" + pinned), SourceOptions(registry), cancellationToken).ConfigureAwait(false);
        var description = image.Description;
        var imageId = description.ConfigDigest is { } config ? Core.Digest.Parse(config).Hex : digest.Hex;
        return new ImageLookup(digest.ToString(), imageId, description.Layers.Sum(l => l.Size));
    }

    /// <summary>Pulls and analyzes the image once, buffering the files the policy gates and the secret scan read.</summary>
    public async Task<AnalysisDocuments> AnalyzeAsync(string pullReference, RegistryOptions registry, CancellationToken cancellationToken)
    {
        var reference = ImageReference.Parse(pullReference);
        var options = new SbomOptions { Source = SourceOptions(registry) };
        var analysis = await _generator.AnalyzeAsync("registry:" + reference, options, SecretScanGlobs.Candidates, null, cancellationToken).ConfigureAwait(false);
        using var artifacts = new RegistryArtifacts(registry);
        var manifest = await artifacts.TryGetManifestAsync(reference, reference.ManifestReference, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidInputException($"{reference}: the manifest disappeared from the registry during analysis");
        var configDigest = analysis.Sbom.Source.ConfigDigest ?? throw new InvalidInputException($"{reference}: the image has no config");
        var config = await artifacts.GetBlobAsync(reference, new OciDescriptor { Digest = configDigest }, "config", cancellationToken).ConfigureAwait(false);
        return new AnalysisDocuments(analysis.Sbom, FileSystemSnapshot.Capture(analysis.Files), manifest.Bytes, config);
    }

    /// <summary>The findings <c>gantry scan</c> reports for the SBOM with the database at <paramref name="databasePath"/>.</summary>
    public static IReadOnlyList<Finding> Match(Sbom sbom, string databasePath, CancellationToken cancellationToken)
    {
        var options = new ScanOptions { DatabasePath = databasePath, AllowStale = true };
        using var store = Scanner.OpenDatabase(options);
        var report = Scanner.Scan(sbom, store, options, Scanner.LoadSuppressor(options), cancellationToken);
        return report.Active.Select(f => f.Finding).ToList();
    }

    /// <summary>Evaluates the stored analysis with the bundle; the image is named by <paramref name="fullTag"/> for the mappings.</summary>
    public PolicyEvaluation Evaluate(PolicyBundle bundle, AnalysisDocuments stored, string fullTag, string? dockerfile, string? databasePath,
        CancellationToken cancellationToken)
    {
        var sbom = stored.Sbom with { Source = stored.Sbom.Source with { Tags = [fullTag] } };
        var parsed = dockerfile is null ? null : DockerfileParser.Parse(dockerfile);
        return new StoredImageEvaluator(timeProvider).Evaluate(bundle, sbom, stored.Files.Restore(), databasePath, parsed, cancellationToken);
    }

    /// <summary>The evaluation in Anchore's result document shape.</summary>
    public static JsonElement ResultDocument(PolicyEvaluation evaluation)
    {
        using var buffer = new MemoryStream();
        AnchoreResultWriter.Write(evaluation, buffer);
        return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
    }

    /// <summary>The bundle, or the validation problems that make it unusable.</summary>
    public static (PolicyBundle? Bundle, IReadOnlyList<string> Problems) ParseBundle(string json)
    {
        var result = BundleLoader.Parse(json);
        return (result.Bundle, result.Problems.Where(p => p.Severity == ProblemSeverity.Error).Select(p => p.ToString()).ToList());
    }

    public static void WriteSbom(Sbom sbom, Stream output) => Formats.Native.NativeSbomWriter.Write(sbom, output);

    public static Sbom ReadSbom(string path, string input) => Formats.Readers.SbomDocumentReader.Read(path, input);

    /// <summary>The database's build, or null when there is no database at <paramref name="path"/>.</summary>
    public static DatabaseState? ReadDatabase(string? path)
    {
        var resolved = DatabasePaths.Resolve(path);
        if (!File.Exists(resolved))
        {
            return null;
        }

        using var store = SqliteVulnerabilityStore.Open(resolved);
        var metadata = store.Metadata;
        var buildId = $"{metadata.SchemaVersion}:{metadata.Built?.ToUnixTimeMilliseconds()}:{string.Join(',', metadata.Sources.Select(s => s.Checksum ?? s.Name))}";
        return new DatabaseState(resolved, buildId, metadata.Built, metadata.Sources);
    }

    /// <summary>The guessed Dockerfile of an image, from its history, for <c>metadata/dockerfile</c>.</summary>
    public static string GuessDockerfile(Sbom sbom) =>
        string.Join('\n', GuessedDockerfile.FromImage(sbom.Source)?.Instructions.Select(i => i.Text) ?? []) + "\n";

    private static ImageSourceOptions SourceOptions(RegistryOptions registry) => new() { Registry = registry };
}
