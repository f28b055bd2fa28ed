using Gantry.Server.Analysis;
using Gantry.Server.Ui.Pages;
using Gantry.Server.Ui.Queries;

namespace Gantry.Server.Ui;

/// <summary>The web UI's services and routes (docs/ui.md): server-rendered pages under <c>/ui</c>, mapped with the API role.</summary>
public static class UiSetup
{
    /// <summary>No inline script or style anywhere: the pages load one stylesheet and one script from <c>/ui/assets</c>.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";

    public static IServiceCollection AddUi(this IServiceCollection services)
    {
        services.AddSessionKeys();
        services.AddAuthentication().AddCookie(UiSession.Scheme, UiSession.ConfigureCookie);
        services.AddAntiforgery(UiSession.ConfigureAntiforgery);
        services.AddSingleton<UiSession>();
        services.AddSingleton<ImageRows>();
        services.AddSingleton<ImageDetails>();
        services.AddSingleton<FindingCountsWarmer>();
        services.AddHostedService(s => s.GetRequiredService<FindingCountsWarmer>());
        return services;
    }

    public static void MapUi(this IEndpointRouteBuilder routes)
    {
        // Reached only by browsers: UiPaths keeps API clients' "/" on the API's "v1".
        routes.MapGet("/", () => Results.Redirect(UiPaths.Images)).AddEndpointFilter(SecurityHeaders);
        var ui = routes.MapGroup(UiPaths.Prefix).AddEndpointFilter(SecurityHeaders);
        ui.MapGet("", () => Results.Redirect(UiPaths.Images));
        ui.MapGet("/assets/{name}", UiAssets.Serve);
        LoginPage.Map(ui);
        ImagesPage.Map(ui);
        ImagePage.Map(ui);
        SubscriptionsPage.Map(ui);
        PoliciesPage.Map(ui);
        RegistriesPage.Map(ui);
        EventsPage.Map(ui);
    }

    private static ValueTask<object?> SecurityHeaders(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var headers = context.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        return next(context);
    }
}
