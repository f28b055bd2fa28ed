using Gantry.Core;
using Gantry.Server.Analysis;
using Gantry.Server.Storage;
using Gantry.TestKit.Images;
using Microsoft.Extensions.Time.Testing;

namespace Gantry.Server.Tests.Storage;

/// <summary>
/// What every <see cref="IStateStore"/> must do, run against each backend by a subclass (SQLite and PostgreSQL), on a
/// fresh store per test and a fake clock. Job leases, claims and the schema check are in the other parts.
/// </summary>
public abstract partial class StateStoreContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2026, 12, 3, 6, 0, 0, TimeSpan.Zero);

    private readonly string _work = Directory.CreateTempSubdirectory("gantry-store-").FullName;

    protected FakeTimeProvider Clock { get; } = new(Start);

    protected IStateStore Store { get; private set; } = null!;

    protected AnalysisStore Documents { get; private set; } = null!;

    /// <summary>A folder the test may write to, deleted after it.</summary>
    protected string Work => _work;

    /// <summary>Opens a fresh store of the backend, and its analysis documents.</summary>
    protected abstract Task<(IStateStore Store, AnalysisStore Documents)> OpenAsync();

    /// <summary>Opens the store the test uses again, as a second process would.</summary>
    protected abstract IStateStore Reopen();

    /// <summary>Records <paramref name="version"/> as applied, as a newer gantry would have.</summary>
    protected abstract void RecordSchemaVersion(int version);

    protected abstract int KnownSchemaVersion { get; }

    public async Task InitializeAsync()
    {
        (Store, Documents) = await OpenAsync();
        Store.AddAccount(Account("admin"));
    }

    public virtual Task DisposeAsync()
    {
        (Store as IDisposable)?.Dispose();
        Directory.Delete(_work, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public void Should_Keep_Accounts_And_Their_Users_And_Remove_Both_Together()
    {
        Store.AddAccount(Account("team"));
        var user = new UserRecord("alice", "team", "hash-1", "user", "native", Start, Start);
        Store.AddUser(user);
        Clock.Advance(TimeSpan.FromSeconds(5));
        Store.SetAccountState("team", "disabled");
        Store.SetPassword("alice", "hash-2");

        Assert.True(Store.IsInitialized());
        Assert.Equal(["admin", "team"], Store.ListAccounts(null).Select(a => a.Name));
        Assert.Equal(["team"], Store.ListAccounts("disabled").Select(a => a.Name));
        Assert.Equal(Start.AddSeconds(5), Store.GetAccount("team")!.LastUpdated);
        Assert.Equal(user with { PasswordHash = "hash-2", LastUpdated = Start.AddSeconds(5) }, Store.GetUser("alice"));
        Assert.Equal(["alice"], Store.ListUsers("team").Select(u => u.Username));

        Store.DeleteAccount("team");

        Assert.Null(Store.GetAccount("team"));
        Assert.Null(Store.GetUser("alice"));
        Assert.False(Store.DeleteUser("alice"));
    }

    [Fact]
    public void Should_Add_A_Second_Tag_To_The_Existing_Record_And_Keep_Its_Annotations()
    {
        var first = Store.UpsertImage(Image("sha256:aa") with { AnnotationsJson = """{"team":"a"}""" }, Tag("app:1", "Zm9v"));
        var second = Store.UpsertImage(Image("sha256:aa"), Tag("app:latest", null));
        Store.UpsertImage(Image("sha256:aa"), Tag("app:1", null));

        Assert.Single(first.Tags);
        Assert.Equal(["docker.io/team/app:1", "docker.io/team/app:latest"], second.Tags.Select(t => t.FullTag).Order(StringComparer.Ordinal));
        var stored = Store.GetImage("admin", "sha256:aa")!;
        Assert.Equal("""{"team":"a"}""", stored.AnnotationsJson);
        Assert.Equal("Zm9v", stored.Tags.Single(t => t.FullTag == "docker.io/team/app:1").Dockerfile);
        Assert.Equal(Start, stored.CreatedAt);

        Clock.Advance(TimeSpan.FromMinutes(1));
        Store.SetAnalysisStatus("admin", "sha256:aa", "analyzed");
        Store.SetImageStatus("admin", "sha256:aa", "inactive");
        stored = Store.GetImage("admin", "sha256:aa")!;
        Assert.Equal(("analyzed", "inactive", Start.AddMinutes(1)), (stored.AnalysisStatus, stored.ImageStatus, stored.AnalyzedAt));

        Store.PurgeImage("admin", "sha256:aa");
        Assert.Null(Store.GetImage("admin", "sha256:aa"));
        Assert.Empty(Store.ListImages("admin"));
    }

    [Fact]
    public void Should_Keep_Policies_With_One_Active_Per_Account()
    {
        Store.AddPolicy(Policy("p1", active: true));
        Store.AddPolicy(Policy("p2", active: true));
        Assert.Equal([("p1", false), ("p2", true)], Store.ListPolicies("admin").Select(p => (p.PolicyId, p.Active)));

        Store.UpdatePolicy(Policy("p1", active: true) with { Name = "renamed" });
        Assert.Equal([("p1", true), ("p2", false)], Store.ListPolicies("admin").Select(p => (p.PolicyId, p.Active)));
        Assert.Equal("renamed", Store.GetPolicy("admin", "p1")!.Name);

        Store.DeletePolicy("admin", "p1");
        Assert.Equal(["p2"], Store.ListPolicies("admin").Select(p => p.PolicyId));
    }

    [Fact]
    public void Should_Keep_Evaluations_Registries_Reports_And_Baselines()
    {
        Store.AddEvaluation(new EvaluationRecord("admin", "sha256:aa", "docker.io/team/app:1", "p1", "pass", "go", "{}", Start));
        Store.AddEvaluation(new EvaluationRecord("admin", "sha256:aa", "docker.io/team/app:2", "p1", "fail", "stop", "{}", Start.AddSeconds(1)));
        var registry = new RegistryRecord("admin", "registry.example:5000", "registry.example:5000", "bob", [1, 2, 3], "docker_v2", true, Start, Start);
        Store.AddRegistry(registry);
        Store.UpdateRegistry(registry with { User = "carol", Verify = false });
        Store.SaveVulnerabilityReport("sha256:aa", "build-1", "[1]");
        Store.SaveVulnerabilityReport("sha256:aa", "build-1", "[2]");
        Store.SaveRecheckBaseline(new RecheckBaseline("admin", "docker.io/team/app:1", "sha256:aa", "build-1", "{}", Start));

        Assert.Equal(["stop", "go"], Store.ListEvaluations("admin", "sha256:aa", null).Select(e => e.FinalAction));
        Assert.Equal(["go"], Store.ListEvaluations("admin", "sha256:aa", "docker.io/team/app:1").Select(e => e.FinalAction));
        var stored = Store.GetRegistry("admin", "registry.example:5000")!;
        Assert.Equal(("carol", false), (stored.User, stored.Verify));
        Assert.Equal([1, 2, 3], stored.SecretCipher);
        Assert.Single(Store.ListRegistries("admin"));
        Assert.Equal("[2]", Store.GetVulnerabilityReport("sha256:aa", "build-1"));
        Assert.Null(Store.GetVulnerabilityReport("sha256:aa", "build-2"));
        Assert.Equal("build-1", Store.GetRecheckBaseline("admin", "docker.io/team/app:1")!.DatabaseBuild);
        Assert.True(Store.DeleteRegistry("admin", "registry.example:5000"));
        Assert.False(Store.DeleteRegistry("admin", "registry.example:5000"));
    }

    [Fact]
    public void Should_Keep_Subscriptions_Once_Per_Id_And_List_The_Active_Ones_Of_Every_Account()
    {
        Store.AddAccount(Account("team"));
        Assert.True(Store.AddSubscription(Subscription("s1", "admin", "tag_update", active: true)));
        Assert.False(Store.AddSubscription(Subscription("s1", "admin", "tag_update", active: false)));
        Store.AddSubscription(Subscription("s2", "admin", "vuln_update", active: false));
        Store.AddSubscription(Subscription("s3", "team", "tag_update", active: true));

        Assert.Equal(["s1"], Store.ListSubscriptions("admin", null, "tag_update").Select(s => s.Id));
        Assert.Equal(["s1", "s2"], Store.ListSubscriptions("admin", "docker.io/team/app:1", null).Select(s => s.Id));
        Assert.Equal(["s1", "s3"], Store.ListActiveSubscriptions("tag_update").Select(s => s.Id).Order(StringComparer.Ordinal));

        Store.UpdateSubscription(Subscription("s1", "admin", "tag_update", active: false) with { Value = "v" });
        Assert.Equal((false, "v"), (Store.GetSubscription("admin", "s1")!.Active, Store.GetSubscription("admin", "s1")!.Value));
        Store.DeleteSubscription("admin", "s1");
        Assert.Null(Store.GetSubscription("admin", "s1"));
    }

    [Fact]
    public void Should_Filter_Page_And_Delete_Events_With_Only_Star_As_A_Wildcard()
    {
        Store.AddEvent(Event("e1", "user.image.analysis.completed", Start));
        Store.AddEvent(Event("e2", "system.a_b", Start.AddSeconds(1)));
        Store.AddEvent(Event("e3", "system.axb", Start.AddSeconds(2)));
        Store.AddEvent(Event("e4", "system.a%b", Start.AddSeconds(3)));

        Assert.Equal(["e1"], Ids(new EventFilter { EventType = "user.*" }));
        Assert.Equal(["e2"], Ids(new EventFilter { EventType = "system.a_b" }));
        Assert.Equal(["e4"], Ids(new EventFilter { EventType = "system.a%b" }));
        Assert.Equal(["e3", "e2"], Ids(new EventFilter { Since = Start, Before = Start.AddSeconds(3) }));
        Assert.Empty(Ids(new EventFilter { SourceServiceName = "catalog" }));
        var (page, total) = Store.ListEvents("admin", new EventFilter(), 1, 2);
        Assert.Equal(["e3", "e2"], page.Select(e => e.Id));
        Assert.Equal(4, total);
        Assert.Equal(Event("e2", "system.a_b", Start.AddSeconds(1)), Store.GetEvent("admin", "e2"));

        Assert.Equal(["e2", "e3", "e4"], Store.DeleteEvents("admin", new EventFilter { EventType = "system.*" }).Order(StringComparer.Ordinal));
        Assert.True(Store.DeleteEvent("admin", "e1"));
        Assert.False(Store.DeleteEvent("admin", "e1"));
    }

    [Fact]
    public void Should_Hide_Claimed_Notifications_Until_Their_Claim_Runs_Out()
    {
        Store.EnqueueNotifications([Notification("n1", Start), Notification("n2", Start.AddSeconds(-1)), Notification("n3", Start.AddHours(1))]);

        Assert.Equal(["n2", "n1"], Store.ClaimDueNotifications(Start, Start.AddMinutes(1), 10).Select(n => n.Id));
        Assert.Empty(Store.ClaimDueNotifications(Start, Start.AddMinutes(1), 10));
        // A sender that died mid-send: its claim runs out and the delivery is retried.
        Assert.Equal(["n1", "n2"], Store.ClaimDueNotifications(Start.AddMinutes(2), Start.AddMinutes(3), 10).Select(n => n.Id).Order(StringComparer.Ordinal));

        Store.RescheduleNotification("n1", 1, Start.AddMinutes(2), "503");
        Store.DeleteNotification("n2");
        Store.FailNotification("n3", Event("failed", "system.webhook.failed", Start));
        var due = Store.ClaimDueNotifications(Start.AddHours(2), Start.AddHours(3), 10);

        Assert.Equal([("n1", 1)], due.Select(n => (n.Id, n.Attempts)));
        Assert.NotNull(Store.GetEvent("admin", "failed"));
    }

    [Fact]
    public async Task Should_Give_Each_Due_Notification_To_One_Of_Several_Concurrent_Claimers()
    {
        Store.EnqueueNotifications([.. Enumerable.Range(0, 40).Select(i => Notification($"n{i:00}", Start))]);

        var claimed = await InParallelAsync(6, _ => Drain(() => Store.ClaimDueNotifications(Start, Start.AddMinutes(1), 3).Select(n => n.Id).ToList()));

        Assert.Equal(40, claimed.Count);
        Assert.Equal(40, claimed.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Should_Give_A_Named_Lease_To_One_Holder_Until_It_Expires_Or_Is_Released()
    {
        Assert.True(Store.TryAcquireLease("watcher", "a", Start, Start.AddMinutes(1)));
        Assert.False(Store.TryAcquireLease("watcher", "b", Start.AddSeconds(30), Start.AddMinutes(2)));
        Assert.True(Store.TryAcquireLease("watcher", "a", Start.AddSeconds(30), Start.AddMinutes(2)));
        Assert.False(Store.TryAcquireLease("watcher", "b", Start.AddMinutes(1), Start.AddMinutes(3)));
        Assert.True(Store.TryAcquireLease("watcher", "b", Start.AddMinutes(2), Start.AddMinutes(3)));
        Store.ReleaseLease("watcher", "a");
        Assert.False(Store.TryAcquireLease("watcher", "a", Start.AddMinutes(2), Start.AddMinutes(3)));
        Store.ReleaseLease("watcher", "b");

        var winners = await InParallelAsync(8, i => Store.TryAcquireLease("watcher", $"h{i}", Start.AddMinutes(2), Start.AddMinutes(3)) ? [$"h{i}"] : []);

        Assert.Single(winners);
    }

    [Fact]
    public async Task Should_Read_Back_The_Stored_Analysis_Whole_And_Forget_It_When_Deleted()
    {
        var image = new SyntheticImage()
            .Layer(l => l.File("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n")
                .File("var/lib/dpkg/status", "Package: bash\nStatus: install ok installed\nArchitecture: amd64\nVersion: 5.2.15-2+b2\n\n"));
        var analysis = await StoredAnalyses.OfAsync(image, Work);

        Documents.Save("sha256:" + new string('a', 64), analysis);
        Documents.Save("sha256:" + new string('a', 64), analysis);
        var loaded = Documents.Load("sha256:" + new string('a', 64));

        Assert.Equal("bash", Assert.Single(Documents.LoadSbom("sha256:" + new string('a', 64)).Packages).Name);
        Assert.Equal(analysis.Manifest, Documents.LoadManifest("sha256:" + new string('a', 64)));
        Assert.Equal(analysis.Config, loaded.Config);
        Assert.Contains(Documents.LoadFiles("sha256:" + new string('a', 64)), f => f.Path == "/var/lib/dpkg/status" && f.Sha256 is not null);

        Documents.Delete("sha256:" + new string('a', 64));
        Assert.ThrowsAny<IOException>(() => Documents.LoadManifest("sha256:" + new string('a', 64)));
    }

    [Fact]
    public void Should_Refuse_A_Schema_Newer_Than_It_Knows_In_One_Line()
    {
        RecordSchemaVersion(KnownSchemaVersion + 1);

        var error = Assert.Throws<EnvironmentException>(Reopen);

        Assert.Equal($"state store schema version {KnownSchemaVersion + 1} is newer than this gantry (knows {KnownSchemaVersion}): upgrade gantry", error.Message);
    }

    private List<string> Ids(EventFilter filter) => Store.ListEvents("admin", filter, 0, 100).Page.Select(e => e.Id).ToList();

    /// <summary>Runs <paramref name="work"/> on <paramref name="threads"/> threads released at once, and gathers what they return.</summary>
    protected static async Task<List<string>> InParallelAsync(int threads, Func<int, IEnumerable<string>> work)
    {
        using var start = new Barrier(threads);
        var results = await Task.WhenAll(Enumerable.Range(0, threads).Select(i => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            return work(i).ToList();
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)));
        return [.. results.SelectMany(r => r)];
    }

    /// <summary>Calls <paramref name="claim"/> until it returns nothing, gathering what it returned.</summary>
    protected static List<string> Drain(Func<IReadOnlyList<string>> claim)
    {
        var all = new List<string>();
        while (claim() is { Count: > 0 } batch)
        {
            all.AddRange(batch);
        }

        return all;
    }

    protected static AccountRecord Account(string name) => new(name, $"{name}@example.com", "user", "enabled", Start, Start);

    protected ImageRecord Image(string digest) => new()
    {
        Account = "admin",
        Digest = digest,
        ImageId = digest[7..],
        ImageStatus = "active",
        AnalysisStatus = "not_analyzed",
        CreatedAt = Clock.GetUtcNow(),
        LastUpdated = Clock.GetUtcNow(),
        CompressedSize = 1234,
    };

    protected ImageTagRecord Tag(string repoTag, string? dockerfile) =>
        new("docker.io", "team/" + repoTag.Split(':')[0], repoTag.Split(':')[1], "docker.io/team/" + repoTag, dockerfile, Clock.GetUtcNow(), Clock.GetUtcNow());

    private static PolicyRecord Policy(string id, bool active) => new("admin", id, active, id, null, "{}", Start, Start);

    private static SubscriptionRecord Subscription(string id, string account, string type, bool active) =>
        new(id, account, type, "docker.io/team/app:1", null, active, Start, Start);

    protected static EventRecord Event(string id, string type, DateTimeOffset at) =>
        new(id, "admin", type, "INFO", "message", "{}", "image_tag", "docker.io/team/app:1", at);

    private static NotificationRecord Notification(string id, DateTimeOffset due) =>
        new(id, "notification-" + id, "admin", "tag_update", "http://127.0.0.1:9/hook", "{}", Start, due, 0);
}
