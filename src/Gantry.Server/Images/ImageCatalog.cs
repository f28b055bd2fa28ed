using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gantry.Core;
using Gantry.Engine;
using Gantry.Engine.Stored;
using Gantry.Server.Analysis;
using Gantry.Server.Api;
using Gantry.Server.Configuration;
using Gantry.Server.Events;
using Gantry.Server.Storage;

namespace Gantry.Server.Images;

/// <summary>What <c>POST /images</c> asks for, after the body is normalised.</summary>
public sealed record ImageAddition(AnchoreReference Reference, string? Dockerfile, IReadOnlyDictionary<string, string>? Annotations, bool Autosubscribe, bool Force);

/// <summary>
/// The image lifecycle of SERVICE.md §4: add (registry lookup before the reply, size limit, re-add rules, one queued
/// analysis per digest), lookups by tag, and delete with the engine's refusals.
/// </summary>
public sealed class ImageCatalog(IStateStore store, AccountRegistries registries, Subscriptions subscriptions, EventFactory events,
    AnalysisSignal signal, ServerConfig config, GantryEngine engine, TimeProvider timeProvider, ILogger<ImageCatalog> logger)
{
    public const string NotAnalyzed = "not_analyzed";
    public const string Analyzing = "analyzing";
    public const string Analyzed = "analyzed";
    public const string AnalysisFailed = "analysis_failed";
    public const string Active = "active";
    public const string Deleting = "deleting";

    public async Task<ImageRecord> AddAsync(string account, ImageAddition addition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(addition);
        var lookup = await LookupAsync(account, addition.Reference, cancellationToken).ConfigureAwait(false);
        return Add(account, addition, lookup);
    }

    /// <summary>Adds the image <paramref name="lookup"/> resolved (the watchers resolve the tag themselves first).</summary>
    public ImageRecord Add(string account, ImageAddition addition, RegistryImage lookup)
    {
        ArgumentNullException.ThrowIfNull(addition);
        ArgumentNullException.ThrowIfNull(lookup);
        var reference = addition.Reference;
        CheckSize(lookup);
        var digest = lookup.Digest.ToString();
        var existing = store.GetImage(account, digest);
        if (addition.Force && reference.Digest is not null && existing is null)
        {
            throw ApiException.BadRequest("cannot force a digest add of an image that does not exist yet");
        }

        var now = timeProvider.GetUtcNow();
        var annotations = addition.Annotations is null ? null : JsonSerializer.Serialize(addition.Annotations, EventJsonContext.Default.DictionaryStringString);
        var image = store.UpsertImage(
            new ImageRecord
            {
                Account = account, Digest = digest, ImageId = lookup.ImageId, ImageStatus = Active, AnalysisStatus = NotAnalyzed,
                CreatedAt = now, LastUpdated = now, AnnotationsJson = annotations, CompressedSize = lookup.CompressedSize,
            },
            new ImageTagRecord(reference.Registry, reference.Repo, reference.Tag ?? "latest", reference.FullTag, addition.Dockerfile, now, now));
        if (addition.Force)
        {
            store.DeleteAnalysis(digest);
        }

        if (addition.Force || image.AnalysisStatus == AnalysisFailed || image.ImageStatus != Active)
        {
            store.SetAnalysisStatus(account, digest, NotAnalyzed);
        }

        Queue(account, digest, reference.PullString(digest));
        subscriptions.OnImageAdded(account, reference.FullTag, addition.Autosubscribe);
        return store.GetImage(account, digest)!;
    }

    /// <summary>Queues the analysis, or, when another account's add already analyzed the digest, marks this record analyzed at once.</summary>
    private void Queue(string account, string digest, string pullString)
    {
        var image = store.GetImage(account, digest)!;
        if (image.AnalysisStatus is not (NotAnalyzed or Analyzing))
        {
            return;
        }

        var result = store.EnqueueAnalysis(new AnalysisJob(digest, pullString, account, 0));
        if (result == EnqueueResult.AlreadyAnalyzed)
        {
            store.SetAnalysisStatus(account, digest, Analyzed);
            store.AddEvent(events.AnalysisCompletedFor(image));
            return;
        }

        signal.Notify();
    }

    /// <summary>Resolves the reference with the account's registry access; a failure becomes an event and a 400.</summary>
    public async Task<RegistryImage> LookupAsync(string account, AnchoreReference reference, CancellationToken cancellationToken)
    {
        try
        {
            return await engine.StoredImages.LookupAsync(reference.LookupString, registries.For(account, reference.Registry), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is GantryException or HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("registry lookup of {Reference} failed: {Reason}", reference.LookupString, ex.Message);
            store.AddEvent(events.RegistryLookupFailedFor(account, reference.LookupString, ex.Message));
            throw ApiException.BadRequest("cannot fetch image digest/manifest from registry", new JsonObject { ["error_codes"] = new JsonArray(), ["reason"] = ex.Message });
        }
    }

    private void CheckSize(RegistryImage lookup)
    {
        var limit = config.MaxCompressedImageSizeMb;
        var sizeMb = lookup.CompressedSize / (1024.0 * 1024.0);
        if (limit > 0 && sizeMb > limit)
        {
            throw ApiException.BadRequest("Image size is too large based on max size specified in the configuration", new JsonObject
            {
                ["requested_image_compressed_size_mb"] = Math.Round(sizeMb, 2),
                ["max_compressed_image_size_mb"] = limit,
            });
        }
    }

    /// <summary>The account's images under a fulltag (or a bare image ID), newest first; 404 when there is none.</summary>
    public IReadOnlyList<ImageRecord> FindByTag(string account, string input, bool history)
    {
        var images = store.ListImages(account).Where(i => i.ImageStatus != Deleting).ToList();
        List<ImageRecord> found;
        if (input.Length == 64 && input.All(char.IsAsciiHexDigitLower))
        {
            found = images.Where(i => i.ImageId == input).ToList();
        }
        else
        {
            AnchoreReference reference;
            try
            {
                reference = AnchoreReference.Parse(input);
            }
            catch (InvalidInputException ex)
            {
                throw ApiException.BadRequest(ex.Message);
            }

            found = reference.Digest is { } digest
                ? images.Where(i => i.Digest == digest).ToList()
                : images.Where(i => i.Tags.Any(t => t.FullTag == reference.FullTag))
                    .OrderByDescending(i => i.Tags.Where(t => t.FullTag == reference.FullTag).Max(t => t.TagDetectedAt)).ToList();
        }

        if (found.Count == 0)
        {
            throw ApiException.NotFound($"image data not found in DB for {input}");
        }

        return history ? found : found.Take(1).ToList();
    }

    /// <summary>The account's images under <paramref name="fullTag"/>, oldest first (the last is the tag's current digest).</summary>
    public IReadOnlyList<ImageRecord> History(string account, string fullTag) =>
        store.ListImages(account)
            .Where(i => i.ImageStatus != Deleting && i.Tags.Any(t => t.FullTag == fullTag))
            .OrderBy(i => i.Tags.Where(t => t.FullTag == fullTag).Max(t => t.TagDetectedAt))
            .ToList();

    /// <summary>The tag's newest analyzed, active image (what the engine's watchers check), or null.</summary>
    public ImageRecord? NewestAnalyzed(string account, string fullTag) =>
        store.ListImages(account)
            .Where(i => i.ImageStatus == Active && i.AnalysisStatus == Analyzed && i.Tags.Any(t => t.FullTag == fullTag))
            .MaxBy(i => i.Tags.Where(t => t.FullTag == fullTag).Max(t => t.TagDetectedAt));

    public ImageRecord Get(string account, string digest) =>
        store.GetImage(account, digest) ?? throw ApiException.NotFound($"image {digest} not found in DB");

    public ImageRecord GetAnalyzed(string account, string digest)
    {
        var image = Get(account, digest);
        return image.AnalysisStatus == Analyzed
            ? image
            : throw ApiException.NotFound($"image is not analyzed - analysis_status: {image.AnalysisStatus}");
    }

    public ImageDeleteResponse Delete(string account, string digest, bool force)
    {
        if (store.GetImage(account, digest) is not { } image)
        {
            return new ImageDeleteResponse(digest, "not_found", $"image {digest} not found");
        }

        if (image.AnalysisStatus == Analyzing && !force)
        {
            return new ImageDeleteResponse(digest, "delete_failed", "cannot delete image that is being analyzed");
        }

        var blocking = ActiveSubscriptionsOnLatestTags(image);
        if (blocking.Count > 0 && !force)
        {
            return new ImageDeleteResponse(digest, "delete_failed", "cannot delete image that is the latest of its tags, and has active subscription");
        }

        foreach (var subscription in blocking)
        {
            store.UpdateSubscription(subscription with { Active = false, LastUpdated = timeProvider.GetUtcNow() });
        }

        store.SetImageStatus(account, digest, Deleting);
        return new ImageDeleteResponse(digest, Deleting, null);
    }

    private List<SubscriptionRecord> ActiveSubscriptionsOnLatestTags(ImageRecord image)
    {
        var others = store.ListImages(image.Account).Where(i => i.Digest != image.Digest && i.ImageStatus == Active).ToList();
        var latestOf = image.Tags.Where(tag => !others.Any(o => o.Tags.Any(t => t.FullTag == tag.FullTag && t.TagDetectedAt > tag.TagDetectedAt)))
            .Select(t => t.FullTag).ToHashSet(StringComparer.Ordinal);
        return store.ListSubscriptions(image.Account, null, null).Where(s => s.Active && latestOf.Contains(s.Key)).ToList();
    }

    /// <summary>Purges the images marked for deletion, and the stored analyses no account refers to any more.</summary>
    public void CollectGarbage(AnalysisStore documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        foreach (var account in store.ListAccounts(null))
        {
            foreach (var image in store.ListImages(account.Name).Where(i => i.ImageStatus == Deleting))
            {
                store.PurgeImage(account.Name, image.Digest);
                if (!store.ListAccounts(null).Any(a => store.GetImage(a.Name, image.Digest) is not null))
                {
                    store.DeleteAnalysis(image.Digest);
                    documents.Delete(image.Digest);
                }

                logger.LogInformation("purged image {Digest} of account {Account}", image.Digest, account.Name);
            }
        }
    }

    public static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
