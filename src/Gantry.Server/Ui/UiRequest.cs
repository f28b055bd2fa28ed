using Gantry.Server.Api;
using Gantry.Server.Security;
using Gantry.Server.Storage;

namespace Gantry.Server.Ui;

/// <summary>A page request of a signed-in caller.</summary>
public sealed record UiRequest(HttpContext Http, Caller Caller, UiSession Session)
{
    public CancellationToken Aborted => Http.RequestAborted;

    public string? Query(string name) => Http.Request.Query[name].ToString() is { Length: > 0 } value ? value : null;

    /// <summary>
    /// Runs <paramref name="page"/> for the signed-in caller: without a session, a redirect to the login that comes back
    /// here; a refusal of the services (an unknown image, an invalid bundle) becomes an error page with its status.
    /// </summary>
    public static async Task<IResult> RunAsync(HttpContext http, Func<UiRequest, Task<IResult>> page)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(page);
        var session = http.RequestServices.GetRequiredService<UiSession>();
        if (await session.CallerAsync(http).ConfigureAwait(false) is not { } caller)
        {
            return Results.Redirect(UiPaths.Login + UiPaths.Query(("return", http.Request.Path + http.Request.QueryString)));
        }

        var request = new UiRequest(http, caller, session);
        try
        {
            return await page(request).ConfigureAwait(false);
        }
        catch (ApiException ex)
        {
            return request.Render("Refused", h => h.Element("p", ex.Message, ("class", "error"), ("role", "alert")), ex.Status);
        }
        catch (Core.InvalidInputException ex)
        {
            return request.Render("Refused", h => h.Element("p", ex.Message, ("class", "error"), ("role", "alert")), StatusCodes.Status400BadRequest);
        }
    }

    /// <summary>Runs a form's action after checking its antiforgery token; a form without a valid one changes nothing and gets 400.</summary>
    public static Task<IResult> RunFormAsync(HttpContext http, Func<UiRequest, IFormCollection, Task<IResult>> action) =>
        RunAsync(http, async request =>
        {
            if (!await request.Session.IsValidFormAsync(http).ConfigureAwait(false))
            {
                return request.Render("Form refused", h => h.Element("p", UiLayout.StaleForm, ("class", "error"), ("role", "alert")), StatusCodes.Status400BadRequest);
            }

            return await action(request, await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false)).ConfigureAwait(false);
        });

    /// <summary>
    /// Runs a destructive form's action only once confirmed: the first POST (antiforgery-checked, changing nothing)
    /// answers a page that says what <paramref name="describe"/> will remove, whose form posts the same fields again
    /// with <c>confirmed=yes</c>. No script is needed, so it works from the keyboard and without JavaScript.
    /// </summary>
    public static Task<IResult> RunConfirmedAsync(HttpContext http, string cancelPath, Func<UiRequest, IFormCollection, string> describe,
        Func<UiRequest, IFormCollection, Task<IResult>> action) =>
        RunFormAsync(http, (request, form) =>
        {
            if (form[Confirmed] == "yes")
            {
                return action(request, form);
            }

            var question = describe(request, form);
            var tokenField = request.Session.FormToken(http).Name;
            return Task.FromResult(request.Render("Confirm", html =>
            {
                html.Element("p", question, ("role", "alert"));
                request.Form(html, http.Request.Path.ToString(), () =>
                {
                    foreach (var (name, values) in form.Where(f => f.Key != Confirmed && f.Key != tokenField))
                    {
                        html.Open("input", ("type", "hidden"), ("name", name), ("value", values.ToString()));
                    }

                    html.Open("input", ("type", "hidden"), ("name", Confirmed), ("value", "yes"));
                    html.Element("button", "Yes, delete", ("type", "submit"), ("class", "danger"));
                    html.Text(" ");
                    html.Link(cancelPath, "Cancel");
                }, "inline");
            }));
        });

    private const string Confirmed = "confirmed";

    /// <summary>The page in the layout.</summary>
    public IResult Render(string title, Action<Html> body, int status = StatusCodes.Status200OK)
    {
        var html = new Html();
        UiLayout.Write(html, this, title, () => body(html));
        return Results.Content(html.ToString(), "text/html; charset=utf-8", statusCode: status);
    }

    /// <summary>A POST form to <paramref name="action"/> carrying the session's antiforgery token.</summary>
    public void Form(Html html, string action, Action fields, string? cssClass = null, string? enctype = null)
    {
        ArgumentNullException.ThrowIfNull(html);
        var (name, value) = Session.FormToken(Http);
        html.Element("form", () =>
        {
            html.Open("input", ("type", "hidden"), ("name", name), ("value", value));
            fields();
        }, ("method", "post"), ("action", action), ("class", cssClass), ("enctype", enctype));
    }

    /// <summary>The accounts an admin may switch to (none for a user).</summary>
    public IReadOnlyList<string> SwitchableAccounts() =>
        Caller.IsAdmin ? Http.RequestServices.GetRequiredService<IStateStore>().ListAccounts(null).Select(a => a.Name).Order(StringComparer.Ordinal).ToList() : [];
}
