using System.Text.Json.Nodes;
using Gantry.Core;
using Gantry.Server.Images;
using Gantry.Server.Policies;
using Gantry.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gantry.Server.Api;

/// <summary><c>/images</c>: add, get, list, content, metadata, vuln, artifacts, check and delete (SERVICE.md §1, §4).</summary>
public static class ImageEndpoints
{
    private static readonly List<string> VulnerabilityTypes = ["os", "non-os", "all"];

    public static void MapImages(this IEndpointRouteBuilder routes)
    {
        var images = routes.MapGroup("/images");
        images.MapPost("", AddAsync);
        images.MapGet("", List);
        images.MapDelete("", DeleteMany);
        images.MapGet("/by_id/{imageId}", (HttpContext http, string imageId, ImageCatalog catalog, ImagePresenter presenter) =>
            TypedResults.Ok(presenter.Present(catalog.FindByTag(http.Caller().Account, imageId, history: false))));
        images.MapDelete("/by_id/{imageId}", (HttpContext http, string imageId, ImageCatalog catalog) =>
        {
            var image = catalog.FindByTag(http.Caller().Account, imageId, history: false)[0];
            return TypedResults.Ok(catalog.Delete(http.Caller().Account, image.Digest, RequestInput.Bool(http.Request, "force", false)));
        });
        images.MapGet("/{digest}", (HttpContext http, string digest, ImageCatalog catalog, ImagePresenter presenter) =>
            TypedResults.Ok(presenter.Present([catalog.Get(http.Caller().Account, RequestInput.RouteValue(digest))])));
        images.MapDelete("/{digest}", (HttpContext http, string digest, ImageCatalog catalog) =>
            TypedResults.Ok(catalog.Delete(http.Caller().Account, RequestInput.RouteValue(digest), RequestInput.Bool(http.Request, "force", false))));
        images.MapGet("/{digest}/content", (HttpContext http, string digest, ImageCatalog catalog) =>
        {
            catalog.Get(http.Caller().Account, RequestInput.RouteValue(digest));
            return TypedResults.Ok(ImageContents.ContentTypes.ToList());
        });
        images.MapGet("/{digest}/content/{type}", (HttpContext http, string digest, string type, ImageCatalog catalog, ImageContents contents) =>
        {
            var image = catalog.GetAnalyzed(http.Caller().Account, RequestInput.RouteValue(digest));
            return TypedResults.Ok(new ContentResponse(image.Digest, type, contents.Content(image.Digest, type)));
        });
        images.MapGet("/{digest}/metadata", (HttpContext http, string digest, ImageCatalog catalog) =>
        {
            catalog.Get(http.Caller().Account, RequestInput.RouteValue(digest));
            return TypedResults.Ok(ImageContents.MetadataTypes.ToList());
        });
        images.MapGet("/{digest}/metadata/{type}", (HttpContext http, string digest, string type, ImageCatalog catalog, ImageContents contents) =>
        {
            var image = catalog.GetAnalyzed(http.Caller().Account, RequestInput.RouteValue(digest));
            return TypedResults.Ok(new MetadataResponse(image.Digest, type, contents.Metadata(image.Digest, type)));
        });
        images.MapGet("/{digest}/vuln", (HttpContext http, string digest, ImageCatalog catalog) =>
        {
            catalog.Get(http.Caller().Account, RequestInput.RouteValue(digest));
            return TypedResults.Ok(VulnerabilityTypes);
        });
        images.MapGet("/{digest}/vuln/{type}", Vulnerabilities);
        images.MapGet("/{digest}/artifacts/{type}", (HttpContext http, string digest, string type, ImageCatalog catalog, ImageArtifacts artifacts) =>
            TypedResults.Ok(artifacts.Artifacts(catalog.GetAnalyzed(http.Caller().Account, RequestInput.RouteValue(digest)).Digest, type)));
        images.MapGet("/{digest}/check", (HttpContext http, string digest, PolicyChecks checks) =>
            TypedResults.Ok(checks.Check(http.Caller().Account, RequestInput.RouteValue(digest), RequestInput.Text(http.Request, "tag"),
                RequestInput.Text(http.Request, "policyId"), RequestInput.Bool(http.Request, "detail", false), RequestInput.Bool(http.Request, "history", false),
                http.RequestAborted)));
    }

    private static async Task<Ok<List<ImageResponse>>> AddAsync(HttpContext http, ImageCatalog catalog, ImagePresenter presenter)
    {
        var body = await RequestInput.RequiredBodyAsync(http.Request, ApiJsonContext.Default.ImageAddRequest).ConfigureAwait(false);
        var addition = new ImageAddition(ReferenceOf(body), body.Dockerfile, body.Annotations, RequestInput.Bool(http.Request, "autosubscribe", false),
            RequestInput.Bool(http.Request, "force", false));
        var image = await catalog.AddAsync(http.Caller().Account, addition, http.RequestAborted).ConfigureAwait(false);
        return TypedResults.Ok(presenter.Present([image]));
    }

    /// <summary>The body's normalised source (<c>utils.py normalize_image_add_source</c>): a tag, a tag plus a digest, or <c>source</c>.</summary>
    internal static AnchoreReference ReferenceOf(ImageAddRequest body)
    {
        if (body.Source is not null && (body.Tag is not null || body.Digest is not null))
        {
            throw ApiException.BadRequest("cannot use both source and tag/digest fields in an image add");
        }

        var (tag, digest) = body.Source is { } source
            ? (SourceField(source, "tag"), SourceField(source, "digest"))
            : (body.Tag, body.Digest);
        if (tag is null)
        {
            throw ApiException.BadRequest(digest is null ? "an image add needs a tag" : "a digest add needs the tag too");
        }

        AnchoreReference reference;
        try
        {
            reference = AnchoreReference.Parse(tag);
        }
        catch (InvalidInputException ex)
        {
            throw ApiException.BadRequest(ex.Message);
        }

        if (reference.Tag is null)
        {
            throw ApiException.BadRequest("Must have tag-based pull string");
        }

        if (digest is not null && !Digest.TryParse(digest, out _))
        {
            throw ApiException.BadRequest($"'{digest}' is not a digest");
        }

        return digest is null ? reference : reference with { Digest = digest };
    }

    /// <summary><c>source.tag.pullstring</c> / <c>source.digest.pullstring</c> (+ <c>tag</c>).</summary>
    private static string? SourceField(JsonObject source, string kind)
    {
        var node = source[kind];
        return kind switch
        {
            "tag" => node?["pullstring"]?.GetValue<string>() ?? source["digest"]?["tag"]?.GetValue<string>(),
            _ => node?["pullstring"]?.GetValue<string>() is { } pull && pull.Contains('@', StringComparison.Ordinal) ? pull[(pull.IndexOf('@', StringComparison.Ordinal) + 1)..] : null,
        };
    }

    private static Ok<List<ImageResponse>> List(HttpContext http, ImageCatalog catalog, ImagePresenter presenter, Storage.IStateStore store)
    {
        var account = http.Caller().Account;
        var fullTag = RequestInput.Text(http.Request, "fulltag");
        var history = RequestInput.Bool(http.Request, "history", false);
        if (fullTag is not null)
        {
            return TypedResults.Ok(presenter.Present(catalog.FindByTag(account, fullTag, history)));
        }

        var imageStatus = RequestInput.Text(http.Request, "image_status") ?? ImageCatalog.Active;
        var analysisStatus = RequestInput.Text(http.Request, "analysis_status");
        var digest = RequestInput.Text(http.Request, "image_digest");
        return TypedResults.Ok(presenter.Present(store.ListImages(account)
            .Where(i => imageStatus == "all" || i.ImageStatus == imageStatus)
            .Where(i => analysisStatus is null || i.AnalysisStatus == analysisStatus)
            .Where(i => digest is null || i.Digest == digest)));
    }

    private static Ok<List<ImageDeleteResponse>> DeleteMany(HttpContext http, ImageCatalog catalog)
    {
        var digests = http.Request.Query["imageDigests"].SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries));
        var force = RequestInput.Bool(http.Request, "force", false);
        return TypedResults.Ok(digests.Select(d => catalog.Delete(http.Caller().Account, d, force)).ToList());
    }

    private static Ok<VulnerabilityResponse> Vulnerabilities(HttpContext http, string digest, string type, ImageCatalog catalog, VulnerabilityReports reports)
    {
        var image = catalog.GetAnalyzed(http.Caller().Account, RequestInput.RouteValue(digest));
        if (!VulnerabilityTypes.Contains(type))
        {
            throw ApiException.NotFound($"content type ({type}) not available");
        }

        var vendorOnly = RequestInput.Bool(http.Request, "vendor_only", true);
        var items = reports.Get(image.Digest, http.RequestAborted)
            .Where(v => VulnerabilityReports.IsOfType(v, type) && !(vendorOnly && v.WillNotFix)).ToList();
        return TypedResults.Ok(new VulnerabilityResponse(image.Digest, type, items));
    }
}
