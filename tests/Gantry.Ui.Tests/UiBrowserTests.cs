using Gantry.TestKit;
using Gantry.TestKit.Matching;
using Gantry.TestKit.Registry;
using Gantry.TestKit.Traits;
using Gantry.Ui.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gantry.Ui.Tests;

/// <summary>The UI in a real browser against a real service with two analyzed images and a hostile one.</summary>
[Slow(SlowBecause.Registry)]
public sealed class UiBrowserTests(RegistryFixture registries) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task A_User_Logs_In_Reviews_An_Image_Toggles_A_Subscription_And_Logs_Out()
    {
        var registry = await registries.PlainAsync();
        await RegistryImages.PushAsync(UiImages.Shop(), registry, "ui/shop:1");
        await RegistryImages.PushAsync(UiImages.Hostile(), registry, "ui/hostile:1");
        await using var service = await UiService.StartAsync(c =>
        {
            // Before the start, so the service opens with it.
            TrackerDatabase.Replace(c.DatabasePath!, [UiImages.VulnerableBasePackage, UiImages.VulnerableAppPackage], UiImages.Cve);
            return c with { InsecureRegistries = [registry.Host] };
        });
        service.ActivatePolicy(UiImages.StopOnSshBundle, UiImages.PolicyId);
        var shop = $"{registry.Host}/ui/shop:1";
        var shopDigest = await service.AddAndAnalyzeAsync(shop);
        var hostileDigest = await service.AddAndAnalyzeAsync($"{registry.Host}/ui/hostile:1");
        // Adding the tag made its subscriptions; tag_update among them is inactive (no autosubscribe).

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 760 } });
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add("console: " + message.Text);
            }
        };
        page.PageError += (_, error) => problems.Add("page error: " + error);
        page.Dialog += async (_, dialog) =>
        {
            problems.Add("dialog: " + dialog.Message);
            await dialog.DismissAsync();
        };
        await page.AddInitScriptAsync("window.__scriptRan = false;");

        // A page needs a login; a wrong password shows an error.
        await page.GotoAsync(service.BaseUrl + "/ui/images");
        Assert.Contains("/ui/login", page.Url, StringComparison.Ordinal);
        await page.GetByLabel("User name").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync("wrong-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Wrong user name or password.");
        await page.GetByLabel("User name").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(UiService.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();

        // The images list.
        await Expect(page).ToHaveURLAsync(service.BaseUrl + "/ui/images");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = shop, Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = $"{registry.Host}/ui/hostile:1" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Screenshot("images.png") });

        // One image: STOP and its exposed_ports row.
        await page.GetByRole(AriaRole.Link, new() { Name = shop, Exact = true }).ClickAsync();
        await Expect(page.Locator(".crumbs .badge")).ToHaveTextAsync("STOP");
        await Expect(page.Locator(".facts")).ToContainTextAsync("1 base layer(s)");
        await page.ScreenshotAsync(new() { Path = Screenshot("image.png") });
        await page.GetByRole(AriaRole.Link, new() { Name = "Policy", Exact = true }).ClickAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "exposed_ports" });
        await Expect(row).ToContainTextAsync("STOP");

        // Vulnerabilities filtered by severity.
        await page.GetByRole(AriaRole.Link, new() { Name = "Vulnerabilities" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("2 finding(s)");
        var severity = await page.Locator("tbody .sev").First.TextContentAsync();
        await page.GetByLabel("Severity").SelectOptionAsync(severity!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("2 finding(s)");
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = UiImages.VulnerableAppPackage })).ToContainTextAsync("2 (app)");
        await page.GetByLabel("Severity").SelectOptionAsync(severity == "Critical" ? "Low" : "Critical");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("0 finding(s)");

        // The layers view: what each layer added.
        await page.GetByRole(AriaRole.Link, new() { Name = "Layers" }).ClickAsync();
        await Expect(page.Locator(".layer").Nth(0)).ToContainTextAsync("base image");
        await Expect(page.Locator(".layer").Nth(1)).ToContainTextAsync("apt-get install -y app-tool");
        await Expect(page.Locator(".layer").Nth(1)).ToContainTextAsync("1 package(s) added");

        // A subscription switched on.
        await page.GetByRole(AriaRole.Link, new() { Name = "Subscriptions" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Activate tag_update on {shop}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = shop }).Filter(new() { HasText = "tag_update" })).ToContainTextAsync("active");
        Assert.True(service.Store.GetSubscription("admin", Gantry.Server.Images.Subscriptions.IdOf("admin", shop, "tag_update"))!.Active);

        // Markup and javascript: from an image are text.
        await page.GotoAsync($"{service.BaseUrl}/ui/images/{Uri.EscapeDataString(hostileDigest)}?view=packages");
        await Expect(page.GetByRole(AriaRole.Rowheader, new() { Name = UiImages.Payload })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Rowheader, new() { Name = UiImages.LinkPayload })).ToBeVisibleAsync();
        await page.GotoAsync($"{service.BaseUrl}/ui/images/{Uri.EscapeDataString(hostileDigest)}?view=layers");
        await Expect(page.Locator(".history")).ToContainTextAsync(UiImages.Payload);
        Assert.Equal(0, await page.Locator("a[href^='javascript']").CountAsync());
        Assert.False(await page.EvaluateAsync<bool>("window.__scriptRan"));

        // Logging out ends the session.
        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(service.BaseUrl + "/ui/login");
        await page.GotoAsync($"{service.BaseUrl}/ui/images/{Uri.EscapeDataString(shopDigest)}");
        Assert.Contains("/ui/login", page.Url, StringComparison.Ordinal);
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    /// <summary>
    /// Where a screenshot goes: docs/ui (the committed pictures docs/ui.md shows) when <c>GANTRY_UPDATE_SCREENSHOTS=1</c>,
    /// else a temp folder, so a test run leaves the tree as it found it.
    /// </summary>
    private static string Screenshot(string name)
    {
        var folder = Environment.GetEnvironmentVariable("GANTRY_UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(SharedPaths.RepositoryRoot, "docs", "ui")
            : Path.Combine(Path.GetTempPath(), "gantry-ui-screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }
}
