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
                await RegistryEndpoints.AddCheckedAsync(http, request.Caller.Account, body, store, secrets, time, access, engine).ConfigureAwait(false);
                return Results.Redirect(Path);
            }));
        ui.MapPost("/registries/update", (HttpContext http, IStateStore store, SecretBox secrets, TimeProvider time, AccountRegistries access, GantryEngine engine) =>
            UiRequest.RunFormAsync(http, async (request, form) =>
            {
                // As PUT /registries/{registry}: an empty password keeps the stored one; the login is checked before it is stored.
                var body = new RegistryRequest
                {
                    User = form["user"].ToString() is { Length: > 0 } user ? user : null,
                    Password = form["password"].ToString() is { Length: > 0 } password ? password : null,
                    Verify = form["verify"] == "on",
                };
                await RegistryEndpoints.UpdateCheckedAsync(http, request.Caller.Account, form["registry"].ToString(), body, store, secrets, time, access, engine).ConfigureAwait(false);
                return Results.Redirect(Path);
            }));
        ui.MapPost("/registries/delete", (HttpContext http, IStateStore store) =>
            UiRequest.RunConfirmedAsync(http, Path, (_, form) => $"Delete the credentials of registry {form["registry"]}?", (request, form) =>
            {
                var registry = form["registry"].ToString();
                return Task.FromResult(store.DeleteRegistry(request.Caller.Account, registry)
                    ? Results.Redirect(Path)
                    : throw ApiException.NotFound($"registry {registry} not found"));
            }));
    }

    private static IResult Render(UiRequest request, IStateStore store) => request.Render("Registries", html =>
    {
        var registries = store.ListRegistries(request.Caller.Account).OrderBy(r => r.Registry, StringComparer.Ordinal).ToList();
        ImagePage.Table(html, "Registries", ["Registry", "Name", "User", "Type", "TLS verified", "Added", "Change"], registries, registry =>
        {
            html.Element("th", registry.Registry, ("scope", "row"));
            html.Element("td", registry.Name);
            html.Element("td", registry.User);
            html.Element("td", registry.Type);
            html.Element("td", registry.Verify ? "yes" : "no");
            html.Element("td", ImagesPage.When(registry.CreatedAt));
            html.Element("td", () => Change(html, request, registry));
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

    /// <summary>The row's edit form (folded) and delete button; each field's id carries the row's number so labels stay unique.</summary>
    private static void Change(Html html, UiRequest request, RegistryRecord registry)
    {
        var id = "r" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(registry.Registry)))[..8];
        html.Element("details", () =>
        {
            html.Element("summary", "Edit", ("aria-label", $"Edit {registry.Registry}"));
            request.Form(html, Path + "/update", () =>
            {
                html.Open("input", ("type", "hidden"), ("name", "registry"), ("value", registry.Registry));
                html.Element("label", "User", ("for", id + "-user"));
                html.Open("input", ("id", id + "-user"), ("name", "user"), ("value", registry.User), ("required", ""), ("autocomplete", "username"));
                html.Element("label", "New password (empty: keep)", ("for", id + "-password"));
                html.Open("input", ("id", id + "-password"), ("name", "password"), ("type", "password"), ("autocomplete", "new-password"));
                html.Element("label", () =>
                {
                    html.Open("input", ("type", "checkbox"), ("name", "verify"), ("checked", registry.Verify ? "" : null));
                    html.Text(" verify TLS");
                });
                html.Element("button", "Check login and save", ("type", "submit"));
            }, "stacked");
        });
        request.Form(html, Path + "/delete", () =>
        {
            html.Open("input", ("type", "hidden"), ("name", "registry"), ("value", registry.Registry));
            html.Element("button", "Delete…", ("type", "submit"), ("class", "danger"), ("aria-label", $"Delete {registry.Registry}"));
        }, "inline");
    }
}
