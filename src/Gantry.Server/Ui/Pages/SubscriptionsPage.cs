using Gantry.Server.Monitoring;
using Gantry.Server.Storage;

namespace Gantry.Server.Ui.Pages;

/// <summary>The account's subscriptions, each switched on or off as <c>PUT /subscriptions/{id}</c> does (with the baseline it takes).</summary>
public static class SubscriptionsPage
{
    public const string Path = UiPaths.Prefix + "/subscriptions";

    public static void Map(RouteGroupBuilder ui)
    {
        ArgumentNullException.ThrowIfNull(ui);
        ui.MapGet("/subscriptions", (HttpContext http, IStateStore store) => UiRequest.RunAsync(http, request => Task.FromResult(request.Render("Subscriptions", html =>
        {
            var subscriptions = store.ListSubscriptions(request.Caller.Account, null, null).OrderBy(s => s.Key, StringComparer.Ordinal).ThenBy(s => s.Type, StringComparer.Ordinal).ToList();
            ImagePage.Table(html, "Subscriptions", ["Key", "Type", "State", "Change"], subscriptions, subscription =>
            {
                html.Element("th", subscription.Key, ("scope", "row"));
                html.Element("td", subscription.Type, ("class", "mono"));
                html.Element("td", subscription.Active ? "active" : "inactive", ("class", subscription.Active ? "on" : "off"));
                html.Element("td", () => request.Form(html, $"{Path}/{Uri.EscapeDataString(subscription.Id)}", () =>
                {
                    html.Open("input", ("type", "hidden"), ("name", "active"), ("value", subscription.Active ? "false" : "true"));
                    html.Element("button", subscription.Active ? "Deactivate" : "Activate", ("type", "submit"),
                        ("aria-label", $"{(subscription.Active ? "Deactivate" : "Activate")} {subscription.Type} on {subscription.Key}"));
                }, "inline"));
            });
        }))));
        ui.MapPost("/subscriptions/{id}", (HttpContext http, string id, IStateStore store, TimeProvider time, Baselines baselines) =>
            UiRequest.RunFormAsync(http, (request, form) =>
            {
                var existing = store.GetSubscription(request.Caller.Account, id) ?? throw Api.ApiException.NotFound($"subscription {id} not found");
                var updated = existing with { Active = form["active"] == "true", LastUpdated = time.GetUtcNow() };
                store.UpdateSubscription(updated);
                baselines.OnSubscriptionSaved(updated, request.Aborted);
                return Task.FromResult(Results.Redirect(Path));
            }));
    }
}
