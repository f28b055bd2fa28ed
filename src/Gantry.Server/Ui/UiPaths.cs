using Microsoft.AspNetCore.Http.Headers;

namespace Gantry.Server.Ui;

/// <summary>
/// Which requests the web UI answers: everything under <c>/ui</c>, and <c>/</c> when a browser asks for it (its
/// <c>Accept</c> prefers <c>text/html</c>). Every other request is the Anchore API's, so <c>/</c> still answers API
/// clients with <c>"v1"</c> and the path rewriting and HTTP Basic of the API leave the UI's paths alone.
/// </summary>
public static class UiPaths
{
    public const string Prefix = "/ui";
    public const string Login = Prefix + "/login";
    public const string Images = Prefix + "/images";
    public const string Assets = Prefix + "/assets";

    public static bool Owns(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.Path;
        return path.StartsWithSegments(Prefix, StringComparison.Ordinal) || (path.Value is null or "/" && HttpMethods.IsGet(request.Method) && PrefersHtml(request.GetTypedHeaders()));
    }

    /// <summary>True when <c>text/html</c> has the highest quality in <c>Accept</c> (browsers list it first at q=1; API clients send JSON or <c>*/*</c>).</summary>
    private static bool PrefersHtml(RequestHeaders headers) =>
        headers.Accept.OrderByDescending(a => a.Quality ?? 1).FirstOrDefault() is { } best && best.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase);

    /// <summary>The image page of <paramref name="digest"/> (as tag <paramref name="fullTag"/> when given); data goes in escaped.</summary>
    public static string Image(string digest, string? fullTag = null, string? view = null) =>
        $"{Images}/{Uri.EscapeDataString(digest)}{Query(("tag", fullTag), ("view", view))}";

    /// <summary>A query string of the pairs that have a value, escaped.</summary>
    public static string Query(params (string Name, string? Value)[] pairs)
    {
        var present = pairs.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return present.Count == 0 ? string.Empty : "?" + string.Join('&', present);
    }
}
