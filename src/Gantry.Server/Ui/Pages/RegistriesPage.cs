using Gantry.Engine;
using Gantry.Server.Api;
using Gantry.Server.Images;
using Gantry.Server.Security;
using Gantry.Server.Storage;

namespace Gantry.Server.Ui.Pages;

/// <summary>The account's registry credentials (the password is never shown) and a form to add one, checked and sealed as <c>POST /registries</c> does.</summary>
public static class RegistriesPage
{
    public const string Path = UiPaths.Prefix + "/registries";

    public static void Map(RouteGroupBuilder ui)
    {
        ArgumentNullException.ThrowIfNull(ui);
        ui.MapGet("/registries", (HttpContext http, IStateStore store) => UiRequest.RunAsync(http, request => Task.FromResult(Render(request, store))));
        ui.MapPost("/registries", (HttpContext http, IStateStore store, SecretBox secrets, TimeProvider time, AccountRegistries access, GantryEngine engine) =>
            UiRequest.RunFormAsync(http, async (request, form) =>
            {
                var body = new RegistryRequest
                {
                    Registry = form["registry"].ToString().Trim(),
                    User = form["user"].ToString(),
                    Password = form["password"].ToString(),
                    Verify = form["verify"] == "on",
                };
                await RegistryEndpoints.AddCheckedAsync(http, body, store, secrets, time, access, engine).ConfigureAwait(false);
                return Results.Redirect(Path);
            }));
    }

    private static IResult Render(UiRequest request, IStateStore store) => request.Render("Registries", html =>
    {
        var registries = store.ListRegistries(request.Caller.Account).OrderBy(r => r.Registry, StringComparer.Ordinal).ToList();
        ImagePage.Table(html, "Registries", ["Registry", "Name", "User", "Type", "TLS verified", "Added"], registries, registry =>
        {
            html.Element("th", registry.Registry, ("scope", "row"));
            html.Element("td", registry.Name);
            html.Element("td", registry.User);
            html.Element("td", registry.Type);
            html.Element("td", registry.Verify ? "yes" : "no");
            html.Element("td", ImagesPage.When(registry.CreatedAt));
        });
        html.Element("h2", "Add a registry");
        request.Form(html, Path, () =>
        {
            Field(html, "registry", "Registry (host[:port])", "text", "off");
            Field(html, "user", "User", "text", "username");
            Field(html, "password", "Password", "password", "new-password");
            html.Element("label", () =>
            {
                html.Open("input", ("type", "checkbox"), ("name", "verify"), ("checked", ""));
                html.Text(" verify TLS");
            });
            html.Element("button", "Check login and add", ("type", "submit"));
        }, "stacked");
    });

    private static void Field(Html html, string name, string label, string type, string autocomplete)
    {
        html.Element("label", label, ("for", name));
        html.Open("input", ("id", name), ("name", name), ("type", type), ("required", ""), ("autocomplete", autocomplete));
    }
}
