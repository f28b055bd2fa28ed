namespace Gantry.Server.Ui;

/// <summary>The frame of every page: head, skip link, navigation, the account and the logout form.</summary>
public static class UiLayout
{
    public const string StaleForm = "The form was refused: its security token is missing or expired. Reload the page and try again.";

    private static readonly (string Path, string Label)[] Sections =
    [
        (UiPaths.Images, "Images"),
        (UiPaths.Prefix + "/subscriptions", "Subscriptions"),
        (UiPaths.Prefix + "/policies", "Policies"),
        (UiPaths.Prefix + "/registries", "Registries"),
        (UiPaths.Prefix + "/events", "Events"),
    ];

    public static void Write(Html html, UiRequest request, string title, Action body)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(request);
        Document(html, title, () =>
        {
            html.Element("header", () =>
            {
                html.Element("nav", () =>
                {
                    html.Link(UiPaths.Images, "Gantry", ("class", "brand"));
                    html.Element("ul", () =>
                    {
                        var current = request.Http.Request.Path.Value ?? string.Empty;
                        foreach (var (path, label) in Sections)
                        {
                            html.Element("li", () => html.Link(path, label, ("aria-current", current.StartsWith(path, StringComparison.Ordinal) ? "page" : null)));
                        }
                    });
                    Session(html, request);
                }, ("aria-label", "Main"));
            });
            html.Element("main", () =>
            {
                html.Element("h1", title);
                body();
            }, ("id", "main"));
        });
    }

    /// <summary>The HTML document around <paramref name="body"/>, for pages with and without a session.</summary>
    public static void Document(Html html, string title, Action body)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(body);
        html.Open("!doctype html").Open("html", ("lang", "en"));
        html.Element("head", () =>
        {
            html.Open("meta", ("charset", "utf-8"));
            html.Open("meta", ("name", "viewport"), ("content", "width=device-width, initial-scale=1"));
            html.Element("title", $"{title} · Gantry");
            html.Open("link", ("rel", "icon"), ("href", "data:,"));
            html.Open("link", ("rel", "stylesheet"), ("href", UiAssets.Stylesheet));
            html.Element("script", string.Empty, ("src", UiAssets.Script), ("defer", ""));
        });
        html.Element("body", () =>
        {
            html.Element("a", "Skip to content", ("class", "skip"), ("href", "#main"));
            body();
        });
        html.Close("html");
    }

    private static void Session(Html html, UiRequest request)
    {
        var caller = request.Caller;
        html.Element("div", () =>
        {
            html.Element("span", caller.Account == caller.UserAccount ? caller.Username : $"{caller.Username} acting on {caller.Account}", ("class", "who"));
            var accounts = request.SwitchableAccounts();
            if (accounts.Count > 1)
            {
                request.Form(html, UiPaths.Prefix + "/account", () =>
                {
                    html.Element("label", "Account", ("for", "account-switch"), ("class", "visually-hidden"));
                    html.Element("select", () =>
                    {
                        foreach (var account in accounts)
                        {
                            html.Element("option", account, ("value", account), ("selected", account == caller.Account ? "" : null));
                        }
                    }, ("id", "account-switch"), ("name", "account"), ("data-autosubmit", ""));
                    html.Element("button", "Switch", ("type", "submit"));
                }, "inline");
            }

            request.Form(html, UiPaths.Prefix + "/logout", () => html.Element("button", "Log out", ("type", "submit")), "inline");
        }, ("class", "session"));
    }
}
