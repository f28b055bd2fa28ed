using Gantry.Server.Configuration;
using Gantry.Server.Events;
using Gantry.Server.Monitoring;
using Gantry.Server.Storage;

namespace Gantry.Server.Notifications;

/// <summary>
/// Delivers the outbox: each due notification is sent; a failure is retried with exponential backoff on the engine's
/// clock until <see cref="WebhookSettings.RetryFor"/> after it was made, then dropped with an error event. The outbox
/// is in the state store, so a restart loses nothing; a claim hides a row from other processes while it is sent. Only
/// the process leading the watchers delivers (any process may queue).
/// </summary>
public sealed class WebhookDelivery(IStateStore store, WebhookSender sender, NotificationSignal signal, EventFactory events, LeaderElection leader,
    ServerConfig config, TimeProvider timeProvider, ILogger<WebhookDelivery> logger) : BackgroundService
{
    /// <summary>The engine's notifications cycle; a queued notification wakes the worker sooner.</summary>
    private static readonly TimeSpan Cycle = TimeSpan.FromSeconds(10);

    /// <summary>Longer than a send can take (its timeout), so a claimed row is only taken again when its claimer died.</summary>
    private static readonly TimeSpan ClaimTime = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromHours(1);
    private const int Batch = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (leader.IsLeader)
                {
                    await PassAsync(stoppingToken).ConfigureAwait(false);
                }

                await signal.WaitAsync(Cycle, timeProvider, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down: claimed rows become due again when their claim runs out.
        }
    }

    /// <summary>A failed pass (the state store busy, say) is logged and tried again next cycle; it must not stop the service.</summary>
    private async Task PassAsync(CancellationToken stoppingToken)
    {
        try
        {
            await DeliverDueAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            logger.LogError("notification delivery pass failed: {Reason}", ex.Message);
        }
    }

    /// <summary>One pass over what is due now; returns how many were delivered.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var delivered = 0;
        var now = timeProvider.GetUtcNow();
        foreach (var notification in store.ClaimDueNotifications(now, now + ClaimTime, Batch))
        {
            var outcome = await sender.SendAsync(notification.Url, notification.Body, notification.NotificationId, cancellationToken).ConfigureAwait(false);
            if (outcome.Delivered)
            {
                store.DeleteNotification(notification.Id);
                delivered++;
                continue;
            }

            Retry(notification with { Attempts = notification.Attempts + 1 }, outcome.Detail);
        }

        return delivered;
    }

    /// <summary>The wait before attempt <paramref name="attempts"/>+1: 2 s, doubling, at most an hour.</summary>
    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromTicks(Math.Min(LongestRetry.Ticks, FirstRetry.Ticks << Math.Min(attempts - 1, 20)));

    private void Retry(NotificationRecord notification, string reason)
    {
        var now = timeProvider.GetUtcNow();
        var deadline = notification.CreatedAt + config.Webhooks.RetryFor;
        if (now >= deadline)
        {
            logger.LogWarning("notification {Id} ({Type}) given up after {Attempts} attempts: {Reason}", notification.NotificationId, notification.Type,
                notification.Attempts, reason);
            store.FailNotification(notification.Id, events.NotificationFailedFor(notification, reason));
            return;
        }

        var next = now + Backoff(notification.Attempts);
        store.RescheduleNotification(notification.Id, notification.Attempts, next < deadline ? next : deadline, reason);
    }
}
