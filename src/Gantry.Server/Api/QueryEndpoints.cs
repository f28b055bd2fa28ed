using System.Globalization;
using Gantry.Core;
using Gantry.Server.Analysis;
using Gantry.Server.Images;
using Gantry.Server.Security;
using Gantry.Server.Storage;

namespace Gantry.Server.Api;

/// <summary><c>/query/images/by_vulnerability</c>, <c>/query/images/by_package</c> and <c>/summaries/imagetags</c>.</summary>
public static class QueryEndpoints
{
    public static void MapQueries(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/query/images/by_vulnerability", (HttpContext http, IStateStore store, VulnerabilityReports reports) =>
        {
            var id = RequestInput.Text(http.Request, "vulnerability_id") ?? throw ApiException.BadRequest("vulnerability_id is required");
            var ns = RequestInput.Text(http.Request, "namespace");
            var package = RequestInput.Text(http.Request, "affected_package");
            var severity = RequestInput.Text(http.Request, "severity");
            var vendorOnly = RequestInput.Bool(http.Request, "vendor_only", true);
            var results = Analyzed(store, http.Caller().Account).Select(image => new QueryImageResult(Describe(image), reports.Get(image.Digest, http.RequestAborted)
                    .Where(v => v.Vuln == id && (ns is null || v.FeedGroup == ns) && (package is null || v.PackageName == package)
                        && (severity is null || string.Equals(v.Severity, severity, StringComparison.OrdinalIgnoreCase)) && !(vendorOnly && v.WillNotFix))
                    .Select(v => new QueryPackage(v.PackageName, v.PackageVersion, v.PackageType, v.FeedGroup, v.Severity)).ToList(), null))
                .Where(r => r.VulnerablePackages!.Count > 0).ToList();
            return TypedResults.Ok(Page(http.Request, results));
        });
        routes.MapGet("/query/images/by_package", (HttpContext http, IStateStore store, AnalysisStore documents) =>
        {
            var name = RequestInput.Text(http.Request, "name") ?? throw ApiException.BadRequest("name is required");
            var version = RequestInput.Text(http.Request, "version");
            var type = RequestInput.Text(http.Request, "package_type");
            var results = Analyzed(store, http.Caller().Account).Select(image => new QueryImageResult(Describe(image), null, documents.LoadSbom(image.Digest).Packages
                    .Where(p => !p.IsRemoved && p.Name == name && (version is null || p.Version == version) && (type is null || AnchoreTypes.Of(p.Type) == type))
                    .Select(p => new QueryPackage(p.Name, p.Version, AnchoreTypes.Of(p.Type), null, null)).ToList()))
                .Where(r => r.Packages!.Count > 0).ToList();
            return TypedResults.Ok(Page(http.Request, results));
        });
        routes.MapGet("/summaries/imagetags", (HttpContext http, IStateStore store) =>
        {
            var status = RequestInput.Text(http.Request, "image_status") ?? ImageCatalog.Active;
            return TypedResults.Ok(store.ListImages(http.Caller().Account).Where(i => status == "all" || i.ImageStatus == status)
                .SelectMany(i => i.Tags.Select(t => new TagSummary(i.Digest, i.ImageId, t.FullTag, i.AnalysisStatus, i.ImageStatus, i.CreatedAt.ToUnixTimeSeconds(),
                    i.AnalyzedAt?.ToUnixTimeSeconds(), t.TagDetectedAt.ToUnixTimeSeconds(), i.ParentDigest ?? i.Digest))).ToList());
        });
    }

    private static IEnumerable<ImageRecord> Analyzed(IStateStore store, string account) =>
        store.ListImages(account).Where(i => i.AnalysisStatus == ImageCatalog.Analyzed && i.ImageStatus == ImageCatalog.Active);

    private static QueryImage Describe(ImageRecord image) =>
        new(image.Digest, image.ImageId, image.AnalyzedAt is { } at ? ImageCatalog.Iso(at) : null,
            image.Tags.Select(t => new QueryTag(t.Registry, t.Repo, t.Tag, t.FullTag, ImageCatalog.Iso(t.TagDetectedAt))).ToList());

    /// <summary>
    /// The engine's paging (<c>common/pagination.py</c>): without <c>limit</c>, page 1 holds everything; with it, images are
    /// ordered by digest and <c>next_page</c> is present only when more follow. Page and next page are strings there.
    /// </summary>
    private static QueryImagesPage Page(HttpRequest request, List<QueryImageResult> results)
    {
        var page = RequestInput.Int(request, "page", 1, minimum: 1);
        if (RequestInput.Text(request, "limit") is null)
        {
            return new(results, Text(1), results.Count, results.Count, null);
        }

        var limit = RequestInput.Int(request, "limit", 0, minimum: 1);
        var slice = results.OrderBy(r => r.Image.ImageDigest, StringComparer.Ordinal).Skip((int)Math.Min(int.MaxValue, (page - 1L) * limit)).Take(limit).ToList();
        var more = (long)page * limit < results.Count;
        return new(slice, Text(page), slice.Count, results.Count, more ? Text(page + 1) : null);
    }

    private static string Text(int number) => number.ToString(CultureInfo.InvariantCulture);
}
