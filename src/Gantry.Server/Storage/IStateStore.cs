namespace Gantry.Server.Storage;

/// <summary>
/// The service's state: accounts, images, the analysis queue, policies, registries, subscriptions, events and
/// stored results. SQLite is the single-node implementation; PostgreSQL implements the same contract for many
/// processes sharing one database, claiming jobs with <c>FOR UPDATE SKIP LOCKED</c>.
/// </summary>
public interface IStateStore
{
    /// <summary>True when the store already holds an account (the service was set up before).</summary>
    bool IsInitialized();

    // Accounts and users.
    void AddAccount(AccountRecord account);

    AccountRecord? GetAccount(string name);

    IReadOnlyList<AccountRecord> ListAccounts(string? state);

    void SetAccountState(string name, string state);

    /// <summary>Removes the account and everything it owns.</summary>
    void DeleteAccount(string name);

    void AddUser(UserRecord user);

    UserRecord? GetUser(string username);

    IReadOnlyList<UserRecord> ListUsers(string account);

    void SetPassword(string username, string passwordHash);

    bool DeleteUser(string username);

    // Images.

    /// <summary>
    /// Adds the account's record for the digest, or the tag to the existing record, in one transaction. Returns the
    /// record and whether it was new.
    /// </summary>
    ImageRecord UpsertImage(ImageRecord image, ImageTagRecord tag);

    ImageRecord? GetImage(string account, string digest);

    IReadOnlyList<ImageRecord> ListImages(string account);

    void SetImageStatus(string account, string digest, string imageStatus);

    /// <summary>Sets the analysis status of the account's record (a re-add resets it).</summary>
    void SetAnalysisStatus(string account, string digest, string analysisStatus);

    void PurgeImage(string account, string digest);

    // Analysis, shared by every account that added the digest.
    AnalysisRecord? GetAnalysis(string digest);

    void DeleteAnalysis(string digest);

    /// <summary>Queues the digest unless it is analyzed or queued already (one transaction, so one digest is analyzed once).</summary>
    EnqueueResult EnqueueAnalysis(AnalysisJob job);

    /// <summary>
    /// Takes the oldest job that is queued or whose lease expired before <paramref name="now"/> (its worker died), leases
    /// it to <paramref name="worker"/> until <paramref name="leaseUntil"/>, and marks the images waiting on it as analyzing.
    /// Two claimers never get the same job while its lease runs.
    /// </summary>
    AnalysisJob? ClaimJob(string worker, DateTimeOffset now, DateTimeOffset leaseUntil);

    /// <summary>Extends the lease of a job <paramref name="worker"/> holds; false when it no longer holds it (another worker took it over, or it was finished).</summary>
    bool RenewJobLease(string digest, string worker, DateTimeOffset until);

    /// <summary>Hands a job <paramref name="worker"/> holds back to the queue (a shutdown), so another worker takes it at once.</summary>
    void ReleaseJob(string digest, string worker);

    int QueueDepth();

    /// <summary>
    /// For the job's lease holder only: stores the analysis, marks every waiting image analyzed with an event each, and
    /// drops the job, in one transaction. False (and nothing changed) when <paramref name="worker"/> lost the lease, so a
    /// digest is analyzed exactly once.
    /// </summary>
    bool CompleteAnalysis(AnalysisRecord analysis, string worker, Func<ImageRecord, EventRecord> completedEvent);

    /// <summary>For the job's lease holder only: marks every waiting image failed with an event each, and drops the job, in one transaction.</summary>
    bool FailAnalysis(string digest, string worker, Func<ImageRecord, EventRecord> failedEvent);

    // Vulnerability reports per (digest, vulnerability DB build).
    string? GetVulnerabilityReport(string digest, string databaseBuild);

    void SaveVulnerabilityReport(string digest, string databaseBuild, string reportJson);

    // Policies.
    void AddPolicy(PolicyRecord policy);

    PolicyRecord? GetPolicy(string account, string policyId);

    IReadOnlyList<PolicyRecord> ListPolicies(string account);

    /// <summary>Replaces the policy; when it becomes active, the previously active one is deactivated in the same transaction.</summary>
    void UpdatePolicy(PolicyRecord policy);

    void DeletePolicy(string account, string policyId);

    // Evaluations.
    void AddEvaluation(EvaluationRecord evaluation);

    IReadOnlyList<EvaluationRecord> ListEvaluations(string account, string digest, string? fullTag);

    // Registries.
    void AddRegistry(RegistryRecord registry);

    RegistryRecord? GetRegistry(string account, string registry);

    IReadOnlyList<RegistryRecord> ListRegistries(string account);

    void UpdateRegistry(RegistryRecord registry);

    bool DeleteRegistry(string account, string registry);

    // Subscriptions.

    /// <summary>Adds the subscription; false when one with its id exists.</summary>
    bool AddSubscription(SubscriptionRecord subscription);

    SubscriptionRecord? GetSubscription(string account, string id);

    IReadOnlyList<SubscriptionRecord> ListSubscriptions(string account, string? key, string? type);

    void UpdateSubscription(SubscriptionRecord subscription);

    void DeleteSubscription(string account, string id);

    /// <summary>The active subscriptions of <paramref name="type"/> in every account (what the watchers work through).</summary>
    IReadOnlyList<SubscriptionRecord> ListActiveSubscriptions(string type);

    // Notifications outbox.
    void EnqueueNotifications(IReadOnlyList<NotificationRecord> notifications);

    /// <summary>
    /// Takes up to <paramref name="limit"/> deliveries due at <paramref name="now"/> and hides them from other claimers
    /// until <paramref name="claimedUntil"/> (so two processes never send one twice, and a crash mid-send retries it).
    /// </summary>
    IReadOnlyList<NotificationRecord> ClaimDueNotifications(DateTimeOffset now, DateTimeOffset claimedUntil, int limit);

    void DeleteNotification(string id);

    void RescheduleNotification(string id, int attempts, DateTimeOffset nextAttemptAt, string error);

    /// <summary>Drops a delivery given up on and records why, in one transaction.</summary>
    void FailNotification(string id, EventRecord failure);

    // Leases: work that must not run twice at once, even across processes.

    /// <summary>True when <paramref name="holder"/> now holds <paramref name="name"/> until <paramref name="until"/> (free, expired, or its own).</summary>
    bool TryAcquireLease(string name, string holder, DateTimeOffset now, DateTimeOffset until);

    void ReleaseLease(string name, string holder);

    // Re-check baselines.
    RecheckBaseline? GetRecheckBaseline(string account, string fullTag);

    void SaveRecheckBaseline(RecheckBaseline baseline);

    /// <summary>The deliveries of the account's notifications about <paramref name="subscriptionKey"/>, newest first, at most <paramref name="limit"/>.</summary>
    IReadOnlyList<DeliveryRecord> ListDeliveries(string account, string subscriptionKey, int limit);

    // Re-check history: one point per re-check of a tag, kept for the findings-over-time chart.
    void AddRecheckPoint(RecheckPoint point);

    /// <summary>The tag's re-checks, oldest first.</summary>
    IReadOnlyList<RecheckPoint> ListRecheckPoints(string account, string fullTag);

    // Findings counts per digest: the newest count of each digest replaces the one before (another build's).
    void SaveFindingCounts(FindingCountsRecord counts);

    /// <summary>The stored counts of every digest the account has an image of.</summary>
    IReadOnlyList<FindingCountsRecord> ListFindingCounts(string account);

    // Data protection keys of the UI's session cookies and form tokens (XML the key manager encrypted before storing).
    IReadOnlyList<string> ListDataProtectionKeys();

    void AddDataProtectionKey(string name, string xml);

    // Events.
    void AddEvent(EventRecord record);

    EventRecord? GetEvent(string account, string id);

    /// <summary>Newest first; one page of <paramref name="limit"/> after skipping <paramref name="offset"/>, and the total.</summary>
    (IReadOnlyList<EventRecord> Page, int Total) ListEvents(string account, EventFilter filter, int offset, int limit);

    IReadOnlyList<string> DeleteEvents(string account, EventFilter filter);

    bool DeleteEvent(string account, string id);
}
