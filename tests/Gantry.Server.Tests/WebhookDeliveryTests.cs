using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Gantry.Server.Configuration;
using Gantry.Server.Events;
using Gantry.Server.Monitoring;
using Gantry.Server.Notifications;
using Gantry.Server.Storage;
using Gantry.Server.Tests.Support;
using Gantry.TestKit.Registry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Gantry.Server.Tests;

/// <summary>
/// The notifications outbox and its delivery worker on a fake clock against a loopback receiver: backoff, exactly-once
/// delivery, a restart with a delivery pending, giving up into an error event, and the HMAC signature.
/// </summary>
public sealed class WebhookDeliveryTests : IDisposable
{
    private const string Secret = "test-webhook-secret";
    private static readonly DateTimeOffset Start = new(2026, 5, 1, 10, 0, 0, TimeSpan.Zero);

    private readonly string _folder = RegistryImages.TempFolder();
    private readonly FakeTimeProvider _clock = new(Start);

    [Fact]
    public async Task Should_Retry_With_Backoff_And_Deliver_Exactly_Once_When_The_Receiver_Fails_Three_Times()
    {
        using var receiver = new WebhookReceiver(500, 500, 500);
        using var outbox = Outbox(receiver);
        outbox.Notify();

        var attempts = new List<(TimeSpan At, int Delivered)>();
        for (var step = 0; step < 40 && receiver.Delivered.Count == 0; step++)
        {
            var delivered = await outbox.Delivery.DeliverDueAsync(CancellationToken.None);
            if (receiver.Received.Count > attempts.Count)
            {
                attempts.Add((_clock.GetUtcNow() - Start, delivered));
            }

            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        await outbox.Delivery.DeliverDueAsync(CancellationToken.None);
        Assert.Equal([500, 500, 500, 200], receiver.Received.Select(r => r.AnsweredWith));
        Assert.Equal([0, 2, 6, 14], attempts.Select(a => (int)a.At.TotalSeconds)); // 2 s, then doubling
        Assert.Single(receiver.Delivered);
        Assert.Empty(outbox.Store.ClaimDueNotifications(_clock.GetUtcNow().AddDays(2), _clock.GetUtcNow().AddDays(2), 10));
        Assert.Single(receiver.Received.Select(r => r.IdempotencyKey).Distinct());
    }

    [Fact]
    public async Task Should_Deliver_A_Pending_Notification_After_A_Restart()
    {
        using var receiver = new WebhookReceiver(503);
        using (var before = Outbox(receiver))
        {
            before.Notify();
            Assert.Equal(0, await before.Delivery.DeliverDueAsync(CancellationToken.None));
        }

        _clock.Advance(TimeSpan.FromSeconds(2));
        using var after = Outbox(receiver);
        var delivered = await after.Delivery.DeliverDueAsync(CancellationToken.None);

        Assert.Equal(1, delivered);
        Assert.Equal([503, 200], receiver.Received.Select(r => r.AnsweredWith));
        Assert.Equal(receiver.Received.First().Body, receiver.Delivered[0].Body);
    }

    [Fact]
    public async Task Should_Sign_The_Body_With_Hmac_Sha256_Of_The_Secret_In_The_Anchore_Envelope()
    {
        using var receiver = new WebhookReceiver();
        using var outbox = Outbox(receiver);
        outbox.Notify();
        await outbox.Delivery.DeliverDueAsync(CancellationToken.None);

        var received = Assert.Single(receiver.Delivered);
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(received.Body)));
        Assert.Equal(expected, received.Signature);
        var envelope = JsonNode.Parse(received.Body)!;
        Assert.Equal("vuln_update", envelope["queueId"]!.GetValue<string>());
        Assert.Equal("admin", envelope["userId"]!.GetValue<string>());
        Assert.Equal("/hooks/vuln_update/admin", received.Path);
        var payload = envelope["data"]!["notification_payload"]!;
        Assert.Equal(received.IdempotencyKey, payload["notificationId"]!.GetValue<string>());
        Assert.Equal(envelope["dataId"]!.GetValue<string>(), payload["notificationId"]!.GetValue<string>());
        Assert.Equal("registry.example:5000/app:1", payload["subscription_key"]!.GetValue<string>());
        Assert.Equal("sha256:abc", payload["imageDigest"]!.GetValue<string>());
        Assert.StartsWith("Basic ", received.Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Give_Up_After_The_Retry_Time_And_Record_An_Error_Event()
    {
        using var receiver = new WebhookReceiver(Enumerable.Repeat(500, 100).ToArray());
        using var outbox = Outbox(receiver, retryFor: TimeSpan.FromMinutes(1));
        outbox.Notify();
        for (var step = 0; step < 120; step++)
        {
            await outbox.Delivery.DeliverDueAsync(CancellationToken.None);
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        var (events, _) = outbox.Store.ListEvents("admin", new EventFilter { EventType = EventFactory.NotificationFailed }, 0, 10);
        var failure = Assert.Single(events);
        Assert.Equal("error", failure.Level);
        Assert.Contains("HTTP 500", failure.DetailsJson, StringComparison.Ordinal);
        Assert.Empty(receiver.Delivered);
        Assert.Empty(outbox.Store.ClaimDueNotifications(_clock.GetUtcNow().AddDays(2), _clock.GetUtcNow().AddDays(2), 10));
        Assert.InRange(receiver.Received.Count, 5, 8); // 0, 2, 6, 14, 30 s, then at the deadline (60 s)
    }

    [Fact]
    public void Should_Let_Only_One_Holder_Take_A_Lease_Until_It_Is_Released_Or_Expires()
    {
        using var outbox = Outbox(receiver: null);
        var now = _clock.GetUtcNow();

        Assert.True(outbox.Store.TryAcquireLease("recheck", "a", now, now.AddMinutes(1)));
        Assert.False(outbox.Store.TryAcquireLease("recheck", "b", now, now.AddMinutes(1)));
        Assert.True(outbox.Store.TryAcquireLease("recheck", "b", now.AddMinutes(2), now.AddMinutes(3)));
        outbox.Store.ReleaseLease("recheck", "a");
        Assert.False(outbox.Store.TryAcquireLease("recheck", "a", now.AddMinutes(2), now.AddMinutes(3)));
        outbox.Store.ReleaseLease("recheck", "b");
        Assert.True(outbox.Store.TryAcquireLease("recheck", "a", now.AddMinutes(2), now.AddMinutes(3)));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>The outbox as the service builds it, over the state file in the test's folder (a second one is a restart).</summary>
    private TestOutbox Outbox(WebhookReceiver? receiver, TimeSpan? retryFor = null)
    {
        var config = new ServerConfig
        {
            DataDirectory = _folder,
            Webhooks = new WebhookSettings
            {
                TypeUrls = new Dictionary<string, string> { ["vuln_update"] = (receiver?.Url ?? "http://127.0.0.1:9/") + "hooks/<notification_type>/<userId>" },
                User = "hook",
                Password = "hook-password",
                Secret = Secret,
                RetryFor = retryFor ?? TimeSpan.FromHours(24),
            },
        };
        var store = SqliteStateStore.Open(Path.Combine(_folder, "state.db"), _clock);
        if (store.GetAccount("admin") is null)
        {
            store.AddAccount(new AccountRecord("admin", "admin@example.com", "admin", "enabled", Start, Start));
        }

        return new TestOutbox(store, config, _clock);
    }

    private sealed class TestOutbox : IDisposable
    {
        private readonly NotificationSignal _signal = new();
        private readonly WebhookSender _sender;
        private readonly Notifier _notifier;

        public TestOutbox(SqliteStateStore store, ServerConfig config, TimeProvider clock)
        {
            Store = store;
            _sender = new WebhookSender(config);
            _notifier = new Notifier(store, config, _signal, clock);
            Delivery = new WebhookDelivery(store, _sender, _signal, new EventFactory(clock), new LeaderElection(store, config, clock, NullLogger<LeaderElection>.Instance),
                config, clock, NullLogger<WebhookDelivery>.Instance);
        }

        public SqliteStateStore Store { get; }

        public WebhookDelivery Delivery { get; }

        public void Notify() =>
            _notifier.Notify("admin", "vuln_update", "registry.example:5000/app:1", new JsonObject { ["subscription_type"] = "vuln_update", ["imageDigest"] = "sha256:abc" });

        public void Dispose()
        {
            Delivery.Dispose();
            _sender.Dispose();
            _signal.Dispose();
        }
    }
}
