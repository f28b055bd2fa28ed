using Gantry.Server.Storage;

namespace Gantry.Server.Tests.Storage;

/// <summary>What the web UI keeps (issue #18): notification deliveries, the re-check history, findings counts and data protection keys.</summary>
public abstract partial class StateStoreContract
{
    [Fact]
    public void Should_Keep_What_Became_Of_Each_Delivery_After_The_Outbox_Row_Is_Gone()
    {
        Store.EnqueueNotifications([Delivery("d1"), Delivery("d2"), Delivery("d3"), Delivery("other", "docker.io/team/other:1")]);
        Clock.Advance(TimeSpan.FromSeconds(10));
        Store.RescheduleNotification("d1", 1, Start.AddMinutes(1), "HTTP 503");
        Store.DeleteNotification("d1");
        Store.RescheduleNotification("d2", 3, Start.AddMinutes(1), "timed out");
        Store.FailNotification("d2", Event("gave-up", "system.notifications.delivery.failed", Start));

        var deliveries = Store.ListDeliveries("admin", "docker.io/team/app:1", 10).ToDictionary(d => d.Id);

        Assert.Equal(["d1", "d2", "d3"], deliveries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((DeliveryRecord.Delivered, 2, "HTTP 503"), (deliveries["d1"].State, deliveries["d1"].Attempts, deliveries["d1"].LastError));
        Assert.Equal((DeliveryRecord.Failed, 3, "timed out"), (deliveries["d2"].State, deliveries["d2"].Attempts, deliveries["d2"].LastError));
        Assert.Equal((DeliveryRecord.Pending, 0), (deliveries["d3"].State, deliveries["d3"].Attempts));
        Assert.Equal(Start.AddSeconds(10), deliveries["d1"].UpdatedAt);
        Assert.Equal(Start, deliveries["d3"].CreatedAt);
        Assert.Equal("vuln_update", deliveries["d1"].Type);
        Assert.Empty(Store.ListDeliveries("team", "docker.io/team/app:1", 10));
        Assert.Single(Store.ListDeliveries("admin", "docker.io/team/app:1", 1));
    }

    [Fact]
    public void Should_Keep_Every_Recheck_Of_A_Tag_Oldest_First()
    {
        Store.AddRecheckPoint(new RecheckPoint("admin", "docker.io/team/app:1", "sha256:aa", "build-2", "{\"n\":2}", Start.AddHours(2)));
        Store.AddRecheckPoint(new RecheckPoint("admin", "docker.io/team/app:1", "sha256:aa", "build-1", "{\"n\":1}", Start.AddHours(1)));
        Store.AddRecheckPoint(new RecheckPoint("admin", "docker.io/team/other:1", "sha256:bb", "build-1", "{}", Start));

        var points = Store.ListRecheckPoints("admin", "docker.io/team/app:1");

        Assert.Equal([("build-1", "{\"n\":1}", Start.AddHours(1)), ("build-2", "{\"n\":2}", Start.AddHours(2))],
            points.Select(p => (p.DatabaseBuild, p.CountsJson, p.CheckedAt)));
        Assert.Empty(Store.ListRecheckPoints("admin", "docker.io/team/none:1"));
    }

    [Fact]
    public void Should_Keep_One_Findings_Count_Per_Digest_For_The_Accounts_That_Have_It()
    {
        Store.AddAccount(Account("team"));
        Store.UpsertImage(Image("sha256:aa"), Tag("app:1", null));
        Store.SaveFindingCounts(new FindingCountsRecord("sha256:aa", "build-1", "{\"n\":1}", Start));
        Store.SaveFindingCounts(new FindingCountsRecord("sha256:aa", "build-2", "{\"n\":2}", Start.AddHours(1)));
        Store.SaveFindingCounts(new FindingCountsRecord("sha256:bb", "build-2", "{}", Start));

        var counts = Store.ListFindingCounts("admin");
        var others = Store.ListFindingCounts("team");
        Store.DeleteAnalysis("sha256:aa");

        Assert.Equal([("sha256:aa", "build-2", "{\"n\":2}", Start.AddHours(1))], counts.Select(c => (c.Digest, c.DatabaseBuild, c.CountsJson, c.ComputedAt)));
        Assert.Empty(others);
        Assert.Empty(Store.ListFindingCounts("admin"));
    }

    [Fact]
    public void Should_Keep_Data_Protection_Keys_For_Every_Process()
    {
        Store.AddDataProtectionKey("key-1", "<key id=\"1\" />");
        Clock.Advance(TimeSpan.FromSeconds(1));
        Store.AddDataProtectionKey("key-2", "<key id=\"2\" />");

        var other = Reopen();
        try
        {
            Assert.Equal(["<key id=\"1\" />", "<key id=\"2\" />"], other.ListDataProtectionKeys());
        }
        finally
        {
            (other as IDisposable)?.Dispose();
        }
    }

    private static NotificationRecord Delivery(string id, string key = "docker.io/team/app:1") =>
        new(id, "notification-" + id, "admin", "vuln_update", "http://127.0.0.1:9/hook", "{}", Start, Start, 0) { SubscriptionKey = key };
}
