namespace Gantry.Server.Hosting;

/// <summary>
/// Anchore serves every route under <c>/v1</c> and rewrites paths without it; trailing slashes are ignored
/// (SERVICE.md §0). <c>/metrics</c> stays where Prometheus looks for it, and the web UI's paths stay its own (docs/ui.md).
/// </summary>
public static class PathNormalization
{
    private const string Prefix = "/v1";

    public static Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (Ui.UiPaths.Owns(context.Request))
        {
            return next(context);
        }

        var path = context.Request.Path.Value ?? "/";
        if (path.Length > 1)
        {
            path = path.TrimEnd('/');
        }

        if (path != "/metrics" && path != Prefix && !path.StartsWith(Prefix + "/", StringComparison.Ordinal))
        {
            path = path == "/" ? Prefix : Prefix + path;
        }

        context.Request.Path = path.Length == 0 ? "/" : path;
        return next(context);
    }
}
