namespace Gantry.Server.Storage;

/// <summary>An account: the unit of isolation (images, registries, policies, subscriptions and events belong to one).</summary>
public sealed record AccountRecord(string Name, string? Email, string Type, string State, DateTimeOffset CreatedAt, DateTimeOffset LastUpdated);

/// <summary>A user of an account; <see cref="PasswordHash"/> is the PBKDF2 record, never the password.</summary>
public sealed record UserRecord(string Username, string Account, string PasswordHash, string Type, string Source, DateTimeOffset CreatedAt, DateTimeOffset LastUpdated);

/// <summary>One account's image: one record per digest, one tag entry per fulltag it was added or seen under.</summary>
public sealed record ImageRecord
{
    public required string Account { get; init; }

    public required string Digest { get; init; }

    public required string ImageId { get; init; }

    public string? ParentDigest { get; init; }

    public required string ImageStatus { get; init; }

    public required string AnalysisStatus { get; init; }

    public DateTimeOffset? AnalyzedAt { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset LastUpdated { get; init; }

    /// <summary>The annotations as a JSON object, or null.</summary>
    public string? AnnotationsJson { get; init; }

    public int RecordVersion { get; init; } = 1;

    /// <summary>The compressed size and the manifest facts known at add time.</summary>
    public long CompressedSize { get; init; }

    public IReadOnlyList<ImageTagRecord> Tags { get; init; } = [];
}

/// <summary>A tag an image was added or seen under. <see cref="Dockerfile"/> is the base64 the client sent.</summary>
public sealed record ImageTagRecord(string Registry, string Repo, string Tag, string FullTag, string? Dockerfile, DateTimeOffset CreatedAt, DateTimeOffset TagDetectedAt);

/// <summary>What analysis found out about a digest that list views show (the documents themselves are files).</summary>
public sealed record AnalysisRecord(string Digest, string ImageId, string? Architecture, string? Distro, string? DistroVersion, int LayerCount, long ImageSize,
    string? DockerfileMode, DateTimeOffset AnalyzedAt);

/// <summary>A queued or running analysis: one per digest, pulled with the registry credentials of <see cref="Account"/>.</summary>
public sealed record AnalysisJob(string Digest, string PullString, string Account, int Attempts);

public sealed record PolicyRecord(string Account, string PolicyId, bool Active, string? Name, string? Description, string BundleJson, DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdated);

/// <summary>Registry credentials; <see cref="SecretCipher"/> is the AES-GCM sealed password.</summary>
public sealed record RegistryRecord(string Account, string Registry, string Name, string User, byte[] SecretCipher, string Type, bool Verify, DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdated);

public sealed record SubscriptionRecord(string Id, string Account, string Type, string Key, string? Value, bool Active, DateTimeOffset CreatedAt, DateTimeOffset LastUpdated);

public sealed record EventRecord(string Id, string Account, string Type, string Level, string Message, string DetailsJson, string ResourceType, string ResourceId,
    DateTimeOffset CreatedAt);

/// <summary>A stored policy evaluation of (digest, fulltag); <see cref="ResultJson"/> is the Anchore result document.</summary>
public sealed record EvaluationRecord(string Account, string Digest, string FullTag, string PolicyId, string Status, string FinalAction, string ResultJson,
    DateTimeOffset CreatedAt);

/// <summary>
/// One delivery of a notification to one URL, waiting in the outbox. <see cref="Body"/> is the envelope as sent;
/// auth and signature headers are added at send time from the configuration, so no secret is stored.
/// </summary>
public sealed record NotificationRecord(string Id, string NotificationId, string Account, string Type, string Url, string Body, DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt, int Attempts)
{
    /// <summary>What the notification is about (a tag, for the tag subscriptions): how the UI finds an image's deliveries.</summary>
    public string? SubscriptionKey { get; init; }
}

/// <summary>
/// What became of one notification delivery (one URL): pending while it is in the outbox, then delivered or failed.
/// Kept after the outbox row is gone, so the UI can show what was sent. <see cref="Url"/> is the configured URL as sent to.
/// </summary>
public sealed record DeliveryRecord(string Id, string NotificationId, string Account, string Type, string? SubscriptionKey, string Url, string State, int Attempts,
    string? LastError, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}

/// <summary>A digest's findings counted per severity against one database build (<see cref="CountsJson"/>: the counter's own document).</summary>
public sealed record FindingCountsRecord(string Digest, string DatabaseBuild, string CountsJson, DateTimeOffset ComputedAt);

/// <summary>One re-check of a tag: when, the image and database build it matched, and its findings per severity (<see cref="CountsJson"/>).</summary>
public sealed record RecheckPoint(string Account, string FullTag, string Digest, string DatabaseBuild, string CountsJson, DateTimeOffset CheckedAt);

/// <summary>The vulnerability report a tag's last re-check saw (the base of the next diff), with the digest and build it came from.</summary>
public sealed record RecheckBaseline(string Account, string FullTag, string Digest, string DatabaseBuild, string ReportJson, DateTimeOffset CheckedAt);

/// <summary>The filters of <c>GET /events</c> (SERVICE.md §3); null means "any".</summary>
public sealed record EventFilter
{
    public string? Level { get; init; }

    public string? ResourceType { get; init; }

    public string? ResourceId { get; init; }

    /// <summary>Exact, or a pattern when it contains <c>*</c>.</summary>
    public string? EventType { get; init; }

    public string? SourceServiceName { get; init; }

    public string? SourceHostId { get; init; }

    public DateTimeOffset? Since { get; init; }

    public DateTimeOffset? Before { get; init; }
}

/// <summary>What <see cref="IStateStore.EnqueueAnalysis"/> did.</summary>
public enum EnqueueResult
{
    Queued,
    AlreadyQueued,
    AlreadyAnalyzed,
}
