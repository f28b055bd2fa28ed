using System.Text.RegularExpressions;
using Gantry.Server.Analysis;
using Gantry.Server.Configuration;
using Gantry.Server.Images;
using Gantry.Server.Monitoring;
using Gantry.Server.Storage;
using Gantry.TestKit.Matching;
using Gantry.TestKit.Postgres;
using Gantry.TestKit.Registry;
using Gantry.TestKit.Traits;
using Gantry.TestKit.Webhooks;
using Gantry.Ui.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Gantry.Ui.Tests;

/// <summary>The image page's history: a chart point per re-check (changed or not) and the webhook deliveries of the tag's notifications.</summary>
[Slow(SlowBecause.Registry)]
public sealed partial class UiHistoryTests(RegistryFixture registries) : IClassFixture<RegistryFixture>
{
    private static readonly string[] Packages = [UiImages.VulnerableBasePackage, UiImages.VulnerableAppPackage];

    [Theory]
    [InlineData(StateBackend.Sqlite)]
    [InlineData(StateBackend.Postgres)]
    public async Task Every_Recheck_Is_A_Point_And_Every_Delivery_Is_Shown_With_Its_Outcome(StateBackend backend)
    {
        var registry = await registries.PlainAsync();
        await RegistryImages.PushAsync(UiImages.Shop(), registry, "history/shop:1");
        using var receiver = new WebhookReceiver();
        await using var service = await UiService.StartAsync(backend, c =>
        {
            TrackerDatabase.Replace(c.DatabasePath!, Packages, UiImages.Cve);
            return c with
            {
                InsecureRegistries = [registry.Host],
                // vuln_update goes to the receiver and to a general URL nothing listens on, given up after a second.
                Webhooks = new WebhookSettings
                {
                    TypeUrls = new Dictionary<string, string> { ["vuln_update"] = receiver.Url + "hooks/<notification_type>" },
                    GeneralUrl = "http://127.0.0.1:9/secret-path/<notification_type>",
                    RetryFor = TimeSpan.FromSeconds(1),
                },
            };
        });
        var tag = $"{registry.Host}/history/shop:1";
        var digest = await service.AddAndAnalyzeAsync(tag);
        var store = service.Store;
        var id = Subscriptions.IdOf("admin", tag, Subscriptions.VulnUpdate);
        store.UpdateSubscription(store.GetSubscription("admin", id)! with { Active = true });
        var database = service.Services.GetRequiredService<VulnerabilityDatabase>();
        var rechecker = service.Services.GetRequiredService<Rechecker>();
        rechecker.TakeBaseline("admin", tag, database.Current!.BuildId, CancellationToken.None);

        // One re-check that finds a new CVE (notified), one with a new build and the same findings (not notified).
        TrackerDatabase.Replace(service.Config.DatabasePath!, Packages, UiImages.Cve, "CVE-2099-0002");
        var changed = rechecker.Run(database.Refresh()!, CancellationToken.None);
        TrackerDatabase.Replace(service.Config.DatabasePath!, [.. Packages, "a-package-the-image-lacks"], UiImages.Cve, "CVE-2099-0002");
        var unchanged = rechecker.Run(database.Refresh()!, CancellationToken.None);
        await receiver.WaitForAsync(r => r.Path == "/hooks/vuln_update", TimeSpan.FromSeconds(30));
        Assert.Equal((1, 1), (changed.VulnerabilityUpdates, unchanged.TagsMatched));
        // The vuln_update twice (receiver, general URL), and the analysis_update, to the general URL only.
        await WaitForAsync(() => store.ListDeliveries("admin", tag, 10).Select(d => d.State).Order().SequenceEqual([DeliveryRecord.Delivered, DeliveryRecord.Failed, DeliveryRecord.Failed]),
            () => string.Join(", ", store.ListDeliveries("admin", tag, 10).Select(d => $"{d.Url} {d.State} {d.Attempts} {d.LastError}")));
        using var browser = new BrowserSession(service.BaseUrl);
        using var login = await browser.LogInAsync();
        var page = await (await browser.GetAsync($"/ui/images/{Uri.EscapeDataString(digest)}?tag={Uri.EscapeDataString(tag)}&view=history")).Content.ReadAsStringAsync();

        Assert.Equal(0, unchanged.VulnerabilityUpdates);
        var points = store.ListRecheckPoints("admin", tag);
        Assert.Equal(2, points.Count);
        Assert.All(points, p => Assert.Equal(4, SeverityCounts.FromJson(p.CountsJson).Total()));
        Assert.Equal(2, Point().Count(page));
        Assert.Equal(2, Regex.Count(page, "re-check with database "));
        var deliveries = store.ListDeliveries("admin", tag, 10).Where(d => d.Type == Subscriptions.VulnUpdate).ToList();
        Assert.Equal(2, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(deliveries[0].NotificationId, d.NotificationId));
        Assert.Equal(1, deliveries.Single(d => d.State == DeliveryRecord.Delivered).Attempts);
        Assert.Contains(deliveries[0].NotificationId, page, StringComparison.Ordinal);
        Assert.Contains("badge delivered", page, StringComparison.Ordinal);
        Assert.Contains("badge failed", page, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:9<", page, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-path", page, StringComparison.Ordinal);
    }

    private static async Task WaitForAsync(Func<bool> done, Func<string> state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "the deliveries did not end within 60 s: " + state());
            await Task.Delay(200);
        }
    }

    [GeneratedRegex("<circle ")]
    private static partial Regex Point();
}
