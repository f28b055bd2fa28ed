using Gantry.Server.Storage;

namespace Gantry.Server.Tests.Storage;

/// <summary>The analysis queue: one job per digest, leased to one worker at a time, completed only by its lease holder.</summary>
public abstract partial class StateStoreContract
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    [Fact]
    public void Should_Queue_A_Digest_Once_And_Complete_Every_Image_Waiting_On_It()
    {
        Store.UpsertImage(Image("sha256:aa"), Tag("app:1", null));

        Assert.Equal(EnqueueResult.Queued, Store.EnqueueAnalysis(Job("sha256:aa")));
        Assert.Equal(EnqueueResult.AlreadyQueued, Store.EnqueueAnalysis(Job("sha256:aa")));
        var job = Claim("w1")!;
        Assert.Equal(("sha256:aa", 1), (job.Digest, job.Attempts));
        Assert.Equal("analyzing", Store.GetImage("admin", "sha256:aa")!.AnalysisStatus);

        Assert.True(Store.CompleteAnalysis(Analysis("sha256:aa"), "w1", image => Event("done-" + image.Account, "user.image.analysis.completed", Start)));

        Assert.Equal("analyzed", Store.GetImage("admin", "sha256:aa")!.AnalysisStatus);
        Assert.Equal(Analysis("sha256:aa"), Store.GetAnalysis("sha256:aa"));
        Assert.NotNull(Store.GetEvent("admin", "done-admin"));
        Assert.Equal(0, Store.QueueDepth());
        Assert.Equal(EnqueueResult.AlreadyAnalyzed, Store.EnqueueAnalysis(Job("sha256:aa")));
        Store.DeleteAnalysis("sha256:aa");
        Assert.Null(Store.GetAnalysis("sha256:aa"));
    }

    [Fact]
    public void Should_Lease_A_Job_To_One_Worker_And_Let_Another_Take_It_Over_Once_The_Lease_Expired()
    {
        Store.EnqueueAnalysis(Job("sha256:aa"));

        Assert.NotNull(Claim("w1"));
        Assert.Null(Claim("w2"));
        Clock.Advance(Lease);
        var takenOver = Claim("w2");

        Assert.Equal(2, takenOver?.Attempts);
        Assert.False(Store.RenewJobLease("sha256:aa", "w1", Clock.GetUtcNow() + Lease));
        Assert.False(Store.CompleteAnalysis(Analysis("sha256:aa"), "w1", _ => throw new InvalidOperationException("no image completes for a worker without the lease")));
        Assert.False(Store.FailAnalysis("sha256:aa", "w1", _ => throw new InvalidOperationException("no image fails for a worker without the lease")));
        Assert.Null(Store.GetAnalysis("sha256:aa"));
        Assert.True(Store.CompleteAnalysis(Analysis("sha256:aa"), "w2", image => Event("done", "user.image.analysis.completed", Start)));
    }

    [Fact]
    public void Should_Keep_A_Renewed_Lease_Past_Its_First_Expiry()
    {
        Store.EnqueueAnalysis(Job("sha256:aa"));
        Claim("w1");

        Clock.Advance(Lease - TimeSpan.FromSeconds(10));
        Assert.True(Store.RenewJobLease("sha256:aa", "w1", Clock.GetUtcNow() + Lease));
        Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Null(Claim("w2"));
    }

    [Fact]
    public void Should_Hand_A_Released_Job_To_The_Next_Worker_At_Once()
    {
        Store.UpsertImage(Image("sha256:aa"), Tag("app:1", null));
        Store.EnqueueAnalysis(Job("sha256:aa"));
        Claim("w1");

        Store.ReleaseJob("sha256:aa", "w2");
        Assert.Null(Claim("w2"));
        Store.ReleaseJob("sha256:aa", "w1");

        Assert.Equal("sha256:aa", Claim("w2")?.Digest);
        Assert.True(Store.FailAnalysis("sha256:aa", "w2", image => Event("failed", "user.image.analysis.failed", Start)));
        Assert.Equal("analysis_failed", Store.GetImage("admin", "sha256:aa")!.AnalysisStatus);
        Assert.Equal(0, Store.QueueDepth());
    }

    [Fact]
    public void Should_Claim_The_Oldest_Job_First()
    {
        Store.EnqueueAnalysis(Job("sha256:bb"));
        Clock.Advance(TimeSpan.FromSeconds(1));
        Store.EnqueueAnalysis(Job("sha256:aa"));

        Assert.Equal(["sha256:bb", "sha256:aa"], [Claim("w1")!.Digest, Claim("w1")!.Digest]);
        Assert.Equal(2, Store.QueueDepth());
    }

    [Fact]
    public async Task Should_Never_Give_One_Job_To_Two_Concurrent_Claimers()
    {
        foreach (var i in Enumerable.Range(0, 30))
        {
            Store.EnqueueAnalysis(Job($"sha256:{i:x2}"));
        }

        var claimed = await InParallelAsync(6, worker => Drain(() => Claim($"w{worker}") is { } job ? [job.Digest] : []));

        Assert.Equal(30, claimed.Count);
        Assert.Equal(30, claimed.Distinct(StringComparer.Ordinal).Count());
    }

    private AnalysisJob? Claim(string worker) => Store.ClaimJob(worker, Clock.GetUtcNow(), Clock.GetUtcNow() + Lease);

    private static AnalysisJob Job(string digest) => new(digest, "docker.io/team/app:1", "admin", 0);

    private static AnalysisRecord Analysis(string digest) => new(digest, "image-id", "amd64", "debian", "12", 2, 4096, "Guessed", Start);
}
