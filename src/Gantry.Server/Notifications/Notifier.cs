using System.Text.Json.Nodes;
using Gantry.Server.Analysis;
using Gantry.Server.Configuration;
using Gantry.Server.Storage;

namespace Gantry.Server.Notifications;

/// <summary>
/// Makes notifications: the payload with <c>userId</c>, <c>notificationId</c> (the receiver's idempotency key) and
/// <c>subscription_key</c>, in Anchore's queue-record envelope, put in the outbox once per configured URL.
/// </summary>
public sealed class Notifier(IStateStore store, ServerConfig config, NotificationSignal signal, TimeProvider timeProvider)
{
    /// <summary>Queues a notification of <paramref name="type"/> about <paramref name="subscriptionKey"/>; nothing when no webhook is configured for it.</summary>
    public void Notify(string account, string type, string subscriptionKey, JsonObject payload)
    {
        var targets = config.Webhooks.TargetsOf(type).ToList();
        if (targets.Count == 0)
        {
            return;
        }

        var notificationId = Guid.NewGuid().ToString();
        var now = timeProvider.GetUtcNow();
        var body = Envelope(account, type, subscriptionKey, payload, notificationId, now);
        store.EnqueueNotifications(targets
            .Select(url => new NotificationRecord(Guid.NewGuid().ToString("N"), notificationId, account, type, WebhookSettings.Expand(url, type, account), body, now, now, 0)
            {
                SubscriptionKey = subscriptionKey,
            })
            .ToList());
        signal.Notify();
    }

    /// <summary>The body a webhook receives (SERVICE.md §2, "Webhook envelope").</summary>
    public string Envelope(string account, string type, string subscriptionKey, JsonObject payload, string notificationId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var full = new JsonObject { ["userId"] = account, ["notificationId"] = notificationId, ["subscription_key"] = subscriptionKey };
        foreach (var (name, value) in payload)
        {
            full[name] = value?.DeepClone();
        }

        var epoch = now.ToUnixTimeSeconds();
        return new JsonObject
        {
            ["queueId"] = type,
            ["userId"] = account,
            ["dataId"] = notificationId,
            ["created_at"] = epoch,
            ["last_updated"] = epoch,
            ["record_state_key"] = "active",
            ["record_state_val"] = null,
            ["tries"] = 0,
            ["max_tries"] = (now + config.Webhooks.RetryFor).ToUnixTimeSeconds(),
            ["data"] = new JsonObject
            {
                ["notification_user"] = account,
                ["notification_user_email"] = store.GetAccount(account)?.Email,
                ["notification_type"] = type,
                ["notification_payload"] = full,
            },
        }.ToJsonString();
    }
}

/// <summary>Wakes the delivery worker when a notification is queued.</summary>
public sealed class NotificationSignal : WakeSignal;
