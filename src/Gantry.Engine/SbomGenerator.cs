using System.Runtime.InteropServices;
using Gantry.Cataloging;
using Gantry.Cataloging.Os;
using Gantry.Cataloging.Secrets;
using Gantry.Core;
using Gantry.Engine.Caching;
using Gantry.Engine.Sources;
using Gantry.Images.FileSystem;
using Gantry.Images.Layers;
using Gantry.Images.Sources;

namespace Gantry.Engine;

/// <summary>
/// The analysis pipeline: source → image → one streamed pass over the layers → squashed view →
/// catalogers → <see cref="Sbom"/>. Callable from any host. Registry waits run on <paramref name="clock"/> (default: the system clock).
/// </summary>
public sealed class SbomGenerator(IReadOnlyList<ICataloger> catalogers, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public SbomGenerator()
        : this(CatalogerRegistry.CreateDefault())
    {
    }

    public async Task<Sbom> GenerateAsync(string source, SbomOptions options, IProgress<AnalysisProgress>? progress, CancellationToken cancellationToken)
    {
        var spec = SourceSpec.Parse(source);
        if (spec.Kind == SourceKind.Sbom)
        {
            return Gantry.Formats.Readers.SbomDocumentReader.Read(spec.Location, spec.Original);
        }

        return (await AnalyzeAsync(source, options, [], progress, cancellationToken).ConfigureAwait(false)).Sbom;
    }

    /// <summary>
    /// The SBOM plus the squashed file view, for consumers that read files beyond the catalogers' (policy evaluation):
    /// <paramref name="extraGlobs"/> are buffered in the same single pass over the layers.
    /// </summary>
    public async Task<ImageAnalysis> AnalyzeAsync(string source, SbomOptions options, IEnumerable<string> extraGlobs, IProgress<AnalysisProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var globs = RequestedGlobs().Concat(extraGlobs).ToList();
        var spec = SourceSpec.Parse(source);
        if (spec.Kind == SourceKind.Directory)
        {
            var view = await LayerWalker.WalkDirectoryAsync(spec.Location, globs, options.Limits, Extractors(), cancellationToken).ConfigureAwait(false);
            var description = new ImageDescription { Input = spec.Original, Kind = SourceSpec.KindName(spec.Kind) };
            return new ImageAnalysis(await CatalogAsync(description, view, projectFolder: true, options, null, progress, cancellationToken).ConfigureAwait(false), view);
        }

        if (spec.Kind == SourceKind.Sbom)
        {
            // A document lists packages, not files: its file view is empty.
            return new ImageAnalysis(Gantry.Formats.Readers.SbomDocumentReader.Read(spec.Location, spec.Original), new FileSystemView([]));
        }

        using var image = await SourceOpener.OpenImageAsync(spec, options.Source.On(_clock), cancellationToken).ConfigureAwait(false);
        progress?.Report(new AnalysisProgress("layers", 0, image.Layers.Count));
        var done = 0;
        var layerProgress = progress is null
            ? null
            : new SynchronousProgress<LayerProgress>(p => progress.Report(new AnalysisProgress("layers", Interlocked.Increment(ref done), p.LayerCount, p.UncompressedBytes)));
        var results = options.Cache is { } cache ? new ImageResults(cache.Layers, image.Layers, LayerWalker.CacheFingerprint(globs, options.Limits, Extractors())) : null;
        // Cataloging starts while cached layers' blobs are still being hashed; the walk returns the analysis only once they all matched.
        return await LayerWalker.WalkAsync(image, globs, options.Limits, layerProgress, Extractors(), options.Cache?.Layers,
            async (view, ct) => new ImageAnalysis(await CatalogAsync(image.Description, view, projectFolder: false, options, results, progress, ct).ConfigureAwait(false), view),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The catalogers' file extractors: run over the files they read during the same single pass.</summary>
    private IEnumerable<IFileExtractor> Extractors() => catalogers.SelectMany(c => c.Extractors);

    private IEnumerable<string> RequestedGlobs() =>
        DistroDetector.RequestedGlobs.Concat(catalogers.SelectMany(c => c.RequestedGlobs)).Concat(SecretCataloger.RequestedGlobs);

    /// <param name="results">The image's results kept in the layer cache, or null (no cache, or not an image).</param>
    private async Task<Sbom> CatalogAsync(ImageDescription description, FileSystemView view, bool projectFolder, SbomOptions options, ImageResults? results,
        IProgress<AnalysisProgress>? progress, CancellationToken cancellationToken)
    {
        var distro = DistroDetector.Detect(view);
        var viewDiagnostics = view.Diagnostics.Count;
        var secretRules = results is null ? null : SecretCataloger.Fingerprint(options.SecretRules);

        // The file summary and the secret scan (with its kept results) read other things than the catalogers: they run beside them.
        var summary = Task.Run(() => Summarize(view, description), cancellationToken);
        var secretScan = Task.Run(() =>
        {
            var (known, unscanned) = secretRules is null ? (null, []) : results!.LoadSecretScans(secretRules);
            return (Result: new SecretCataloger(options.SecretRules).Catalog(view, description.Config, known, cancellationToken), Known: known, Unscanned: unscanned);
        }, cancellationToken);
        var catalogerInputs = CatalogerInputs(distro);
        var found = results?.FindCatalogerRun(view, catalogerInputs);
        RecordingFileResolver? recorder = null;
        if (found is null)
        {
            recorder = results is null ? null : new RecordingFileResolver(view);
            found = await RunCatalogersAsync(new CatalogContext((IFileResolver?)recorder ?? view, distro, projectFolder), progress, cancellationToken).ConfigureAwait(false);
        }

        var packages = found.Packages;
        var diagnostics = found.Diagnostics;
        if (options.Scope == SbomScope.AllLayers)
        {
            var removed = await FindRemovedPackagesAsync(view, found.Packages, cancellationToken).ConfigureAwait(false);
            packages = [.. packages, .. removed.Packages];
            // The lower views repeat the final view's cataloger diagnostics (and each other's): Except keeps the new ones, once.
            diagnostics = [.. diagnostics, .. removed.Diagnostics.Except(diagnostics)];
        }

        var ownership = Task.Run(() => Gantry.Cataloging.Relationships.OwnershipByFileOverlap.Find(found.Packages), cancellationToken);
        var (secrets, knownSecrets, unscannedLayers) = await secretScan.ConfigureAwait(false);

        // A lookup that met a symlink loop left a diagnostic in the view: a reused result would not, so such a scan keeps none.
        if (results is not null && view.Diagnostics.Count == viewDiagnostics)
        {
            if (recorder is not null)
            {
                results.StoreCatalogerRun(catalogerInputs, recorder.Reads, found);
            }

            results.StoreSecretScans(secretRules!, knownSecrets!, unscannedLayers);
        }

        return new Sbom
        {
            Source = description,
            Distro = distro,
            Packages = packages.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Version, StringComparer.Ordinal).ThenBy(p => p.Id, StringComparer.Ordinal).ToList(),
            Relationships = [.. found.Relationships, .. await ownership.ConfigureAwait(false)],
            Files = await summary.ConfigureAwait(false),
            Diagnostics = [.. view.Diagnostics, .. diagnostics, .. secrets.Diagnostics],
            Secrets = secrets.Findings,
        };
    }

    /// <summary>What the catalogers' run depends on besides the files they read: which catalogers, and the distro.</summary>
    private string CatalogerInputs(Distro? distro) =>
        string.Join('\n', catalogers.Select(c => c.Name)) + "\ndistro\0" + (distro is null ? "-"
            : string.Join('\0', distro.Id, distro.VersionId, distro.VersionCodename ?? "-", distro.PrettyName ?? "-", string.Join(',', distro.IdLike), distro.Source ?? "-"));

    /// <summary>
    /// Catalogs the image as it stood after each layer and returns the packages that a later layer took out, each marked
    /// with that layer. Layer indexes are shared, so this costs catalog runs, not reads.
    /// </summary>
    private async Task<CatalogerRun> FindRemovedPackagesAsync(FileSystemView finalView, List<Package> finalPackages, CancellationToken cancellationToken)
    {
        var inFinal = finalPackages.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var removed = new Dictionary<string, Package>(StringComparer.Ordinal);
        var diagnostics = new List<Diagnostic>();
        var alive = new Dictionary<string, Package>(StringComparer.Ordinal);
        var layerCount = finalView.LayerDiffIds.Count;
        for (var count = 1; count <= layerCount; count++)
        {
            var present = finalPackages;
            if (count < layerCount)
            {
                var view = finalView.UpToLayer(count);
                var run = await RunCatalogersAsync(new CatalogContext(view, DistroDetector.Detect(view)), null, cancellationToken).ConfigureAwait(false);
                present = run.Packages;
                diagnostics.AddRange(run.Diagnostics);
            }

            var presentIds = present.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var (id, package) in alive)
            {
                if (!presentIds.Contains(id) && !inFinal.Contains(id))
                {
                    removed.TryAdd(id, package.RemovedBy(finalView.LayerDiffIds[count - 1]));
                }
            }

            alive = present.DistinctBy(p => p.Id).ToDictionary(p => p.Id, StringComparer.Ordinal);
        }

        return new CatalogerRun([.. removed.Values], [], diagnostics);
    }

    /// <summary>
    /// Runs the catalogers that read this source at once (they only read the view), and merges their results in the
    /// registry's order, so the output does not depend on which finished first.
    /// </summary>
    private async Task<CatalogerRun> RunCatalogersAsync(CatalogContext context, IProgress<AnalysisProgress>? progress, CancellationToken cancellationToken)
    {
        var readers = catalogers.Where(context.IsReadBy).ToList();
        var finished = 0;
        progress?.Report(new AnalysisProgress("catalogers", 0, readers.Count));
        var results = await Task.WhenAll(readers.Select(cataloger => Task.Run(async () =>
        {
            var result = await RunCatalogerAsync(cataloger, context, cancellationToken).ConfigureAwait(false);
            progress?.Report(new AnalysisProgress("catalogers", Interlocked.Increment(ref finished), readers.Count));
            return result;
        }, cancellationToken))).ConfigureAwait(false);
        var run = new CatalogerRun([], [], []);
        foreach (var result in results)
        {
            run.Packages.AddRange(result.Packages);
            run.Relationships.AddRange(result.Relationships);
            run.Diagnostics.AddRange(result.Diagnostics);
        }

        return run;
    }

    private static async Task<CatalogResult> RunCatalogerAsync(ICataloger cataloger, CatalogContext context, CancellationToken cancellationToken)
    {
        try
        {
            return await cataloger.CatalogAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (FileErrors.IsBadInput(ex))
        {
            // Bad input a cataloger let through must not take the scan down; a bug in it is an internal error.
            return new CatalogResult([], [], [new Diagnostic(DiagnosticCodes.CatalogerFailed, $"{cataloger.Name} failed: {ex.GetType().Name}: {ex.Message}")]);
        }
    }

    private static FileSummary Summarize(FileSystemView view, ImageDescription description)
    {
        long files = 0, directories = 0, symlinks = 0, size = 0;
        var perLayer = new Dictionary<int, (long Count, long Size)>();
        foreach (var node in view.AllFiles)
        {
            switch (node.Kind)
            {
                case FileKind.Directory: directories++; break;
                case FileKind.Symlink: symlinks++; break;
                default: files++; size += node.Size; break;
            }

            ref var layer = ref CollectionsMarshal.GetValueRefOrAddDefault(perLayer, node.LayerIndex, out _);
            layer = (layer.Count + 1, layer.Size + node.Size);
        }

        return new FileSummary
        {
            FileCount = files,
            DirectoryCount = directories,
            SymlinkCount = symlinks,
            TotalSize = size,
            Layers = description.Layers.Select(l => new LayerFileSummary(l.DiffId,
                perLayer.GetValueOrDefault(l.Index).Count, perLayer.GetValueOrDefault(l.Index).Size)).ToList(),
        };
    }
}
