namespace Gantry.Server.Ui.Pages;

/// <summary>Login, logout and an admin's account switch.</summary>
public static class LoginPage
{
    public const string WrongPassword = "Wrong user name or password.";

    public static void Map(RouteGroupBuilder ui)
    {
        ArgumentNullException.ThrowIfNull(ui);
        ui.MapGet("/login", async (HttpContext http, UiSession session) =>
            await session.CallerAsync(http).ConfigureAwait(false) is null ? Render(http, session, null, StatusCodes.Status200OK) : Results.Redirect(ReturnPath(http.Request.Query["return"])));
        ui.MapPost("/login", LoginAsync);
        // An explicit return type: a lambda of HttpContext alone would otherwise bind as a RequestDelegate and drop its result.
        ui.MapPost("/logout", Task<IResult> (HttpContext http) => UiRequest.RunFormAsync(http, async (_, _) =>
        {
            await UiSession.SignOutAsync(http).ConfigureAwait(false);
            return Results.Redirect(UiPaths.Login);
        }));
        ui.MapPost("/account", Task<IResult> (HttpContext http) => UiRequest.RunFormAsync(http, async (request, form) =>
        {
            await request.Session.SwitchAccountAsync(http, request.Caller, form["account"].ToString()).ConfigureAwait(false);
            return Results.Redirect(UiPaths.Images);
        }));
    }

    private static async Task<IResult> LoginAsync(HttpContext http, UiSession session)
    {
        if (!await session.IsValidFormAsync(http).ConfigureAwait(false))
        {
            return Render(http, session, UiLayout.StaleForm, StatusCodes.Status400BadRequest);
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        return await session.SignInAsync(http, form["username"].ToString(), form["password"].ToString()).ConfigureAwait(false)
            ? Results.Redirect(ReturnPath(form["return"]))
            : Render(http, session, WrongPassword, StatusCodes.Status200OK); // the form again, with its error: a 4xx page is a console error in browsers
    }

    /// <summary>Only a page of the UI itself: a return address from the query is never an open redirect.</summary>
    private static string ReturnPath(string? requested) =>
        requested is { } path && path.StartsWith(UiPaths.Prefix + "/", StringComparison.Ordinal) && Html.IsSafeHref(path) && !path.StartsWith(UiPaths.Login, StringComparison.Ordinal)
            ? path
            : UiPaths.Images;

    private static IResult Render(HttpContext http, UiSession session, string? error, int status)
    {
        var html = new Html();
        var (tokenName, token) = session.FormToken(http);
        UiLayout.Document(html, "Log in", () => html.Element("main", () =>
        {
            html.Element("h1", "Gantry");
            if (error is not null)
            {
                html.Element("p", error, ("class", "error"), ("role", "alert"));
            }

            html.Element("form", () =>
            {
                html.Open("input", ("type", "hidden"), ("name", tokenName), ("value", token));
                html.Open("input", ("type", "hidden"), ("name", "return"), ("value", ReturnPath(http.Request.HasFormContentType ? http.Request.Form["return"] : http.Request.Query["return"])));
                html.Element("label", "User name", ("for", "username"));
                html.Open("input", ("id", "username"), ("name", "username"), ("autocomplete", "username"), ("required", ""), ("autofocus", ""));
                html.Element("label", "Password", ("for", "password"));
                html.Open("input", ("id", "password"), ("name", "password"), ("type", "password"), ("autocomplete", "current-password"), ("required", ""));
                html.Element("button", "Log in", ("type", "submit"));
            }, ("method", "post"), ("action", UiPaths.Login), ("class", "stacked"));
        }, ("id", "main"), ("class", "login")));
        return Results.Content(html.ToString(), "text/html; charset=utf-8", statusCode: status);
    }
}
