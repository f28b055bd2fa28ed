using Microsoft.Data.Sqlite;

namespace Gantry.Server.Storage;

/// <summary>What continuous monitoring keeps: the notifications outbox, leases and re-check baselines.</summary>
public sealed partial class SqliteStateStore
{
    public IReadOnlyList<SubscriptionRecord> ListActiveSubscriptions(string type) =>
        QuerySubscriptions("WHERE type = $t AND active = 1", ("$t", type));

    public void EnqueueNotifications(IReadOnlyList<NotificationRecord> notifications)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        using var connection = Connect();
        using var transaction = connection.BeginTransaction(deferred: false);
        foreach (var n in notifications)
        {
            Execute(connection, transaction,
                """
                INSERT INTO notifications (id, notification_id, account, type, url, body, created_at, next_attempt_at, attempts)
                VALUES ($id, $n, $a, $t, $u, $b, $c, $next, $attempts)
                """,
                ("$id", n.Id), ("$n", n.NotificationId), ("$a", n.Account), ("$t", n.Type), ("$u", n.Url), ("$b", n.Body), ("$c", Time(n.CreatedAt)),
                ("$next", Time(n.NextAttemptAt)), ("$attempts", n.Attempts));
            Execute(connection, transaction,
                """
                INSERT INTO notification_deliveries (id, notification_id, account, type, subscription_key, url, state, attempts, created_at, updated_at)
                VALUES ($id, $n, $a, $t, $k, $u, $state, $attempts, $c, $c)
                """,
                ("$id", n.Id), ("$n", n.NotificationId), ("$a", n.Account), ("$t", n.Type), ("$k", n.SubscriptionKey), ("$u", n.Url),
                ("$state", DeliveryRecord.Pending), ("$attempts", n.Attempts), ("$c", Time(n.CreatedAt)));
        }

        transaction.Commit();
    }

    public IReadOnlyList<NotificationRecord> ClaimDueNotifications(DateTimeOffset now, DateTimeOffset claimedUntil, int limit)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction(deferred: false);
        var due = Query(connection, transaction, "SELECT * FROM notifications WHERE next_attempt_at <= $now ORDER BY next_attempt_at, id LIMIT $limit",
            r => new NotificationRecord(r.Text("id"), r.Text("notification_id"), r.Text("account"), r.Text("type"), r.Text("url"), r.Text("body"),
                r.Time("created_at"), r.Time("next_attempt_at"), (int)r.Long("attempts")), ("$now", Time(now)), ("$limit", limit));
        foreach (var n in due)
        {
            Execute(connection, transaction, "UPDATE notifications SET next_attempt_at = $until WHERE id = $id", ("$until", Time(claimedUntil)), ("$id", n.Id));
        }

        transaction.Commit();
        return due;
    }

    public void DeleteNotification(string id)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction(deferred: false);
        Execute(connection, transaction, "DELETE FROM notifications WHERE id = $id", ("$id", id));
        SetDeliveryState(connection, transaction, id, DeliveryRecord.Delivered, "attempts + 1");
        transaction.Commit();
    }

    public void RescheduleNotification(string id, int attempts, DateTimeOffset nextAttemptAt, string error)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction(deferred: false);
        Execute(connection, transaction, "UPDATE notifications SET attempts = $attempts, next_attempt_at = $next, last_error = $e WHERE id = $id",
            ("$attempts", attempts), ("$next", Time(nextAttemptAt)), ("$e", error), ("$id", id));
        Execute(connection, transaction, "UPDATE notification_deliveries SET attempts = $attempts, last_error = $e, updated_at = $now WHERE id = $id",
            ("$attempts", attempts), ("$e", error), ("$now", Time(_clock.GetUtcNow())), ("$id", id));
        transaction.Commit();
    }

    public void FailNotification(string id, EventRecord failure)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction(deferred: false);
        Execute(connection, transaction, "DELETE FROM notifications WHERE id = $id", ("$id", id));
        SetDeliveryState(connection, transaction, id, DeliveryRecord.Failed, "attempts");
        InsertEvent(connection, transaction, failure);
        transaction.Commit();
    }

    public IReadOnlyList<DeliveryRecord> ListDeliveries(string account, string subscriptionKey, int limit) =>
        Query("SELECT * FROM notification_deliveries WHERE account = $a AND subscription_key = $k ORDER BY created_at DESC, id LIMIT $limit",
            r => new DeliveryRecord(r.Text("id"), r.Text("notification_id"), r.Text("account"), r.Text("type"), r.NullableText("subscription_key"), r.Text("url"),
                r.Text("state"), (int)r.Long("attempts"), r.NullableText("last_error"), r.Time("created_at"), r.Time("updated_at")),
            ("$a", account), ("$k", subscriptionKey), ("$limit", limit));

    /// <summary><paramref name="attempts"/> is SQL over the row: a delivery counts the attempt that succeeded, a give-up does not add one.</summary>
    private void SetDeliveryState(SqliteConnection connection, SqliteTransaction transaction, string id, string state, string attempts) =>
        Execute(connection, transaction, $"UPDATE notification_deliveries SET state = $state, attempts = {attempts}, updated_at = $now WHERE id = $id",
            ("$state", state), ("$now", Time(_clock.GetUtcNow())), ("$id", id));

    public bool TryAcquireLease(string name, string holder, DateTimeOffset now, DateTimeOffset until)
    {
        using var connection = Connect();
        return Execute(connection, null,
            """
            INSERT INTO leases (name, holder, expires_at) VALUES ($name, $holder, $until)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE leases.expires_at <= $now OR leases.holder = excluded.holder
            """,
            ("$name", name), ("$holder", holder), ("$until", Time(until)), ("$now", Time(now))) > 0;
    }

    public void ReleaseLease(string name, string holder)
    {
        using var connection = Connect();
        Execute(connection, null, "DELETE FROM leases WHERE name = $name AND holder = $holder", ("$name", name), ("$holder", holder));
    }

    public RecheckBaseline? GetRecheckBaseline(string account, string fullTag) =>
        Query("SELECT * FROM recheck_baselines WHERE account = $a AND fulltag = $t",
            r => new RecheckBaseline(r.Text("account"), r.Text("fulltag"), r.Text("digest"), r.Text("db_build"), r.Text("report"), r.Time("checked_at")),
            ("$a", account), ("$t", fullTag)).FirstOrDefault();

    public void SaveRecheckBaseline(RecheckBaseline baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        using var connection = Connect();
        Execute(connection, null,
            "INSERT OR REPLACE INTO recheck_baselines (account, fulltag, digest, db_build, report, checked_at) VALUES ($a, $t, $d, $b, $r, $c)",
            ("$a", baseline.Account), ("$t", baseline.FullTag), ("$d", baseline.Digest), ("$b", baseline.DatabaseBuild), ("$r", baseline.ReportJson),
            ("$c", Time(baseline.CheckedAt)));
    }
}
