using System.Text.Json;
using System.Text.Json.Nodes;
using Gantry.Engine;
using Gantry.Server.Api;
using Gantry.Server.Events;
using Gantry.Server.Storage;

namespace Gantry.Server.Ui.Pages;

/// <summary>The account's policy bundles: list, activate, and upload a bundle file (validated and stored as <c>POST /policies</c> does).</summary>
public static class PoliciesPage
{
    public const string Path = UiPaths.Prefix + "/policies";

    /// <summary>Far above any real bundle (Anchore's default is 10 KB), far below the request body limit.</summary>
    private const long MaxBundleBytes = 4 * 1024 * 1024;

    public static void Map(RouteGroupBuilder ui)
    {
        ArgumentNullException.ThrowIfNull(ui);
        ui.MapGet("/policies", (HttpContext http, IStateStore store) => UiRequest.RunAsync(http, request => Task.FromResult(Render(request, store))));
        ui.MapPost("/policies", (HttpContext http, IStateStore store, GantryEngine engine, EventFactory events) => UiRequest.RunFormAsync(http, async (request, form) =>
        {
            var bundle = await ReadBundleAsync(form.Files.GetFile("bundle"), request.Aborted).ConfigureAwait(false);
            var record = PolicyEndpoints.Add(store, engine, request.Caller.Account, bundle);
            if (form["activate"] == "on")
            {
                PolicyEndpoints.Save(store, events, record, record with { Active = true, LastUpdated = engine.Clock.GetUtcNow() });
            }

            return Results.Redirect(Path);
        }));
        ui.MapPost("/policies/{policyId}/activate", (HttpContext http, string policyId, IStateStore store, GantryEngine engine, EventFactory events) =>
            UiRequest.RunFormAsync(http, (request, _) =>
            {
                var existing = store.GetPolicy(request.Caller.Account, policyId) ?? throw ApiException.NotFound($"Policy bundle {policyId} not found in DB");
                PolicyEndpoints.Save(store, events, existing, existing with { Active = true, LastUpdated = engine.Clock.GetUtcNow() });
                return Task.FromResult(Results.Redirect(Path));
            }));
        ui.MapPost("/policies/{policyId}/delete", (HttpContext http, string policyId, IStateStore store) =>
            UiRequest.RunConfirmedAsync(http, Path, (_, _) => $"Delete policy bundle {policyId}?", (request, _) =>
            {
                PolicyEndpoints.Delete(store, request.Caller.Account, policyId);
                return Task.FromResult(Results.Redirect(Path));
            }));
    }

    private static IResult Render(UiRequest request, IStateStore store)
    {
        var policies = store.ListPolicies(request.Caller.Account).OrderByDescending(p => p.Active).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
        return request.Render("Policies", html =>
        {
            ImagePage.Table(html, "Policy bundles", ["Name", "ID", "Description", "State", "Change"], policies, policy =>
            {
                html.Element("th", policy.Name ?? policy.PolicyId, ("scope", "row"));
                html.Element("td", policy.PolicyId, ("class", "mono"));
                html.Element("td", policy.Description ?? string.Empty);
                html.Element("td", policy.Active ? "active" : "inactive", ("class", policy.Active ? "on" : "off"));
                html.Element("td", () =>
                {
                    if (!policy.Active)
                    {
                        var path = $"{Path}/{Uri.EscapeDataString(policy.PolicyId)}";
                        request.Form(html, path + "/activate",
                            () => html.Element("button", "Activate", ("type", "submit"), ("aria-label", $"Activate {policy.Name ?? policy.PolicyId}")), "inline");
                        request.Form(html, path + "/delete",
                            () => html.Element("button", "Delete…", ("type", "submit"), ("class", "danger"), ("aria-label", $"Delete {policy.Name ?? policy.PolicyId}")), "inline");
                    }
                });
            });
            html.Element("h2", "Upload a bundle");
            request.Form(html, Path, () =>
            {
                html.Element("label", "Bundle file (Anchore policy bundle JSON)", ("for", "bundle"));
                html.Open("input", ("id", "bundle"), ("name", "bundle"), ("type", "file"), ("accept", "application/json,.json"), ("required", ""));
                html.Element("label", () =>
                {
                    html.Open("input", ("type", "checkbox"), ("name", "activate"));
                    html.Text(" activate it");
                });
                html.Element("button", "Upload", ("type", "submit"));
            }, "stacked", "multipart/form-data");
        });
    }

    private static async Task<JsonObject> ReadBundleAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            throw ApiException.BadRequest("choose a bundle file to upload");
        }

        if (file.Length > MaxBundleBytes)
        {
            throw ApiException.BadRequest($"{file.FileName}: {file.Length} bytes is more than a policy bundle can be ({MaxBundleBytes} bytes)");
        }

        try
        {
            using var stream = file.OpenReadStream();
            return await JsonSerializer.DeserializeAsync(stream, ApiJsonContext.Default.JsonObject, cancellationToken).ConfigureAwait(false)
                ?? throw ApiException.BadRequest($"{file.FileName}: not a JSON object");
        }
        catch (JsonException ex)
        {
            throw ApiException.BadRequest($"{file.FileName}: not JSON: {ex.Message}");
        }
    }
}
