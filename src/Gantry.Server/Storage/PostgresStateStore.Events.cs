using System.Text;
using Npgsql;

namespace Gantry.Server.Storage;

/// <summary>Subscriptions and events.</summary>
public sealed partial class PostgresStateStore
{
    public bool AddSubscription(SubscriptionRecord subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        using var connection = Connect();
        return Execute(connection, null,
            """
            INSERT INTO subscriptions (id, account, type, key, value, active, created_at, last_updated)
            VALUES (@id, @a, @t, @k, @v, @active, @c, @l) ON CONFLICT DO NOTHING
            """,
            ("@id", subscription.Id), ("@a", subscription.Account), ("@t", subscription.Type), ("@k", subscription.Key), ("@v", subscription.Value),
            ("@active", subscription.Active), ("@c", subscription.CreatedAt), ("@l", subscription.LastUpdated)) > 0;
    }

    public SubscriptionRecord? GetSubscription(string account, string id) =>
        QuerySubscriptions("WHERE account = @a AND id = @id", ("@a", account), ("@id", id)).FirstOrDefault();

    public IReadOnlyList<SubscriptionRecord> ListSubscriptions(string account, string? key, string? type) =>
        QuerySubscriptions("WHERE account = @a AND (@k::text IS NULL OR key = @k) AND (@t::text IS NULL OR type = @t)", ("@a", account), ("@k", key), ("@t", type));

    public void UpdateSubscription(SubscriptionRecord subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        using var connection = Connect();
        Execute(connection, null, "UPDATE subscriptions SET value = @v, active = @active, last_updated = @l WHERE account = @a AND id = @id",
            ("@v", subscription.Value), ("@active", subscription.Active), ("@l", subscription.LastUpdated), ("@a", subscription.Account),
            ("@id", subscription.Id));
    }

    public void DeleteSubscription(string account, string id)
    {
        using var connection = Connect();
        Execute(connection, null, "DELETE FROM subscriptions WHERE account = @a AND id = @id", ("@a", account), ("@id", id));
    }

    private List<SubscriptionRecord> QuerySubscriptions(string where, params (string, object?)[] parameters) =>
        Query($"SELECT * FROM subscriptions {where} ORDER BY created_at, id", r => new SubscriptionRecord(r.Text("id"), r.Text("account"), r.Text("type"),
            r.Text("key"), r.NullableText("value"), r.Bool("active"), r.Time("created_at"), r.Time("last_updated")), parameters);

    public void AddEvent(EventRecord record)
    {
        using var connection = Connect();
        InsertEvent(connection, null, record);
    }

    private static void InsertEvent(NpgsqlConnection connection, NpgsqlTransaction? transaction, EventRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Execute(connection, transaction,
            """
            INSERT INTO events (id, account, type, level, message, details, resource_type, resource_id, created_at)
            VALUES (@id, @a, @t, @lvl, @m, @d, @rt, @ri, @c)
            """,
            ("@id", record.Id), ("@a", record.Account), ("@t", record.Type), ("@lvl", record.Level), ("@m", record.Message), ("@d", record.DetailsJson),
            ("@rt", record.ResourceType), ("@ri", record.ResourceId), ("@c", record.CreatedAt));
    }

    public EventRecord? GetEvent(string account, string id) =>
        Query("SELECT * FROM events WHERE account = @a AND id = @id", ReadEvent, ("@a", account), ("@id", id)).FirstOrDefault();

    public (IReadOnlyList<EventRecord> Page, int Total) ListEvents(string account, EventFilter filter, int offset, int limit)
    {
        var (where, parameters) = EventWhere(account, filter);
        using var connection = Connect();
        var total = Count(Scalar(connection, null, $"SELECT COUNT(*) FROM events {where}", parameters));
        var page = Query(connection, null, $"SELECT * FROM events {where} ORDER BY created_at DESC, id LIMIT @limit OFFSET @offset", ReadEvent,
            [.. parameters, ("@limit", limit), ("@offset", offset)]);
        return (page, total);
    }

    public IReadOnlyList<string> DeleteEvents(string account, EventFilter filter)
    {
        var (where, parameters) = EventWhere(account, filter);
        using var connection = Connect();
        return Query(connection, null, $"DELETE FROM events {where} RETURNING id", r => r.Text("id"), parameters);
    }

    public bool DeleteEvent(string account, string id)
    {
        using var connection = Connect();
        return Execute(connection, null, "DELETE FROM events WHERE account = @a AND id = @id", ("@a", account), ("@id", id)) > 0;
    }

    private static (string Where, (string, object?)[] Parameters) EventWhere(string account, EventFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        // The source is always this service: a filter naming another one matches nothing.
        var otherSource = (filter.SourceServiceName is { } service && service != EventSource.ServiceName)
            || (filter.SourceHostId is { } host && host != EventSource.HostId);
        var where = """
            WHERE account = @a AND (@lvl::text IS NULL OR level = @lvl) AND (@rt::text IS NULL OR resource_type = @rt)
            AND (@ri::text IS NULL OR resource_id = @ri) AND (@t::text IS NULL OR type LIKE @t) AND (@since::timestamptz IS NULL OR created_at > @since)
            AND (@before::timestamptz IS NULL OR created_at < @before) AND NOT @other
            """;
        return (where,
        [
            ("@a", account), ("@lvl", filter.Level), ("@rt", filter.ResourceType), ("@ri", filter.ResourceId), ("@t", LikePattern(filter.EventType)),
            ("@since", filter.Since), ("@before", filter.Before), ("@other", otherSource),
        ]);
    }

    /// <summary>The engine's event_type pattern as a LIKE pattern: only <c>*</c> is a wildcard, LIKE's own <c>%</c>, <c>_</c> and <c>\</c> match themselves.</summary>
    private static string? LikePattern(string? eventType)
    {
        if (eventType is null)
        {
            return null;
        }

        var pattern = new StringBuilder(eventType.Length);
        foreach (var c in eventType)
        {
            pattern.Append(c switch
            {
                '*' => "%",
                '%' or '_' or '\\' => "\\" + c,
                _ => c.ToString(),
            });
        }

        return pattern.ToString();
    }

    private static EventRecord ReadEvent(Row r) =>
        new(r.Text("id"), r.Text("account"), r.Text("type"), r.Text("level"), r.Text("message"), r.Text("details"), r.Text("resource_type"),
            r.Text("resource_id"), r.Time("created_at"));
}
