using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Gantry.Server.Storage;

/// <summary>Images, their tags, the shared analyses, the job queue and the stored vulnerability reports.</summary>
public sealed partial class SqliteStateStore
{
    private const string Waiting = "analysis_status IN ('not_analyzed', 'analyzing')";

    /// <summary>The job <c>$d</c> is running under <c>$w</c>'s lease (expired or not: it is <c>$w</c>'s until another worker claims it).</summary>
    private const string HeldBy = "digest = $d AND worker = $w AND state = 'running'";

    public ImageRecord UpsertImage(ImageRecord image, ImageTagRecord tag)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(tag);
        using var connection = Connect();
        using var transaction = connection.BeginTransaction(deferred: false);
        Execute(connection, transaction,
            """
            INSERT OR IGNORE INTO images (account, digest, image_id, parent_digest, image_status, analysis_status, analyzed_at, created_at, last_updated,
                annotations, record_version, compressed_size)
            VALUES ($a, $d, $id, $parent, $status, $analysis, $analyzed, $created, $updated, $annotations, $version, $size)
            """,
            ("$a", image.Account), ("$d", image.Digest), ("$id", image.ImageId), ("$parent", image.ParentDigest), ("$status", image.ImageStatus),
            ("$analysis", image.AnalysisStatus), ("$analyzed", Time(image.AnalyzedAt)), ("$created", Time(image.CreatedAt)),
            ("$updated", Time(image.LastUpdated)), ("$annotations", image.AnnotationsJson), ("$version", image.RecordVersion), ("$size", image.CompressedSize));
        if (image.AnnotationsJson is not null)
        {
            Execute(connection, transaction, "UPDATE images SET annotations = $annotations WHERE account = $a AND digest = $d",
                ("$annotations", image.AnnotationsJson), ("$a", image.Account), ("$d", image.Digest));
        }

        Execute(connection, transaction,
            """
            INSERT INTO image_tags (account, digest, registry, repo, tag, fulltag, dockerfile, created_at, tag_detected_at)
            VALUES ($a, $d, $registry, $repo, $tag, $fulltag, $dockerfile, $created, $detected)
            ON CONFLICT (account, digest, fulltag) DO UPDATE SET dockerfile = COALESCE(excluded.dockerfile, dockerfile)
            """,
            ("$a", image.Account), ("$d", image.Digest), ("$registry", tag.Registry), ("$repo", tag.Repo), ("$tag", tag.Tag), ("$fulltag", tag.FullTag),
            ("$dockerfile", tag.Dockerfile), ("$created", Time(tag.CreatedAt)), ("$detected", Time(tag.TagDetectedAt)));
        var stored = LoadImages(connection, transaction, "WHERE account = $a AND digest = $d", ("$a", image.Account), ("$d", image.Digest)).Single();
        transaction.Commit();
        return stored;
    }

    public ImageRecord? GetImage(string account, string digest)
    {
        using var connection = Connect();
        return LoadImages(connection, null, "WHERE account = $a AND digest = $d", ("$a", account), ("$d", digest)).FirstOrDefault();
    }

    public IReadOnlyList<ImageRecord> ListImages(string account)
    {
        using var connection = Connect();
        return LoadImages(connection, null, "WHERE account = $a", ("$a", account));
    }

    public void SetImageStatus(string account, string digest, string imageStatus)
    {
        using var connection = Connect();
        Execute(connection, null, "UPDATE images SET image_status = $s, last_updated = $now WHERE account = $a AND digest = $d",
            ("$s", imageStatus), ("$now", Time(_clock.GetUtcNow())), ("$a", account), ("$d", digest));
    }

    public void SetAnalysisStatus(string account, string digest, string analysisStatus)
    {
        using var connection = Connect();
        Execute(connection, null,
            """
            UPDATE images SET analysis_status = $s, image_status = 'active', last_updated = $now,
                analyzed_at = CASE WHEN $s = 'analyzed' THEN $now ELSE analyzed_at END
            WHERE account = $a AND digest = $d
            """,
            ("$s", analysisStatus), ("$now", Time(_clock.GetUtcNow())), ("$a", account), ("$d", digest));
    }

    public void PurgeImage(string account, string digest)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction(deferred: false);
        Execute(connection, transaction, "DELETE FROM images WHERE account = $a AND digest = $d", ("$a", account), ("$d", digest));
        Execute(connection, transaction, "DELETE FROM evaluations WHERE account = $a AND digest = $d", ("$a", account), ("$d", digest));
        transaction.Commit();
    }

    public AnalysisRecord? GetAnalysis(string digest) =>
        Query("SELECT * FROM analyses WHERE digest = $d", r => new AnalysisRecord(r.Text("digest"), r.Text("image_id"), r.NullableText("architecture"),
            r.NullableText("distro"), r.NullableText("distro_version"), (int)r.Long("layer_count"), r.Long("image_size"), r.NullableText("dockerfile_mode"),
            r.Time("analyzed_at")), ("$d", digest)).FirstOrDefault();

    public void DeleteAnalysis(string digest)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction(deferred: false);
        Execute(connection, transaction, "DELETE FROM analyses WHERE digest = $d", ("$d", digest));
        Execute(connection, transaction, "DELETE FROM vulnerability_reports WHERE digest = $d", ("$d", digest));
        Execute(connection, transaction, "DELETE FROM finding_counts WHERE digest = $d", ("$d", digest));
        transaction.Commit();
    }

    public EnqueueResult EnqueueAnalysis(AnalysisJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        using var connection = Connect();
        using var transaction = connection.BeginTransaction(deferred: false);
        EnqueueResult result;
        if (Scalar(connection, transaction, "SELECT 1 FROM analyses WHERE digest = $d", ("$d", job.Digest)) is not null)
        {
            result = EnqueueResult.AlreadyAnalyzed;
        }
        else
        {
            var inserted = Execute(connection, transaction,
                "INSERT OR IGNORE INTO analysis_jobs (digest, pull_string, account, state, attempts, enqueued_at) VALUES ($d, $p, $a, 'queued', 0, $now)",
                ("$d", job.Digest), ("$p", job.PullString), ("$a", job.Account), ("$now", Time(_clock.GetUtcNow())));
            result = inserted > 0 ? EnqueueResult.Queued : EnqueueResult.AlreadyQueued;
        }

        transaction.Commit();
        return result;
    }

    public AnalysisJob? ClaimJob(string worker, DateTimeOffset now, DateTimeOffset leaseUntil)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction(deferred: false);
        var job = Query(connection, transaction,
            """
            UPDATE analysis_jobs SET state = 'running', attempts = attempts + 1, claimed_at = $now, worker = $w, lease_until = $until
            WHERE digest = (SELECT digest FROM analysis_jobs WHERE state = 'queued' OR lease_until IS NULL OR lease_until <= $now
                ORDER BY enqueued_at, digest LIMIT 1)
            RETURNING digest, pull_string, account, attempts
            """,
            r => new AnalysisJob(r.Text("digest"), r.Text("pull_string"), r.Text("account"), (int)r.Long("attempts")),
            ("$now", Time(now)), ("$w", worker), ("$until", Time(leaseUntil))).FirstOrDefault();
        if (job is not null)
        {
            Execute(connection, transaction, $"UPDATE images SET analysis_status = 'analyzing', last_updated = $now WHERE digest = $d AND {Waiting}",
                ("$now", Time(_clock.GetUtcNow())), ("$d", job.Digest));
        }

        transaction.Commit();
        return job;
    }

    public bool RenewJobLease(string digest, string worker, DateTimeOffset until)
    {
        using var connection = Connect();
        return Execute(connection, null, $"UPDATE analysis_jobs SET lease_until = $until WHERE {HeldBy}", ("$until", Time(until)), ("$d", digest), ("$w", worker)) > 0;
    }

    public void ReleaseJob(string digest, string worker)
    {
        using var connection = Connect();
        Execute(connection, null, $"UPDATE analysis_jobs SET state = 'queued', worker = NULL, lease_until = NULL WHERE {HeldBy}", ("$d", digest), ("$w", worker));
    }

    public int QueueDepth()
    {
        using var connection = Connect();
        return Convert.ToInt32(Scalar(connection, null, "SELECT COUNT(*) FROM analysis_jobs"), CultureInfo.InvariantCulture);
    }

    public bool CompleteAnalysis(AnalysisRecord analysis, string worker, Func<ImageRecord, EventRecord> completedEvent)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(completedEvent);
        using var connection = Connect();
        using var transaction = connection.BeginTransaction(deferred: false);
        if (!Holds(connection, transaction, analysis.Digest, worker))
        {
            return false;
        }

        Execute(connection, transaction,
            """
            INSERT OR REPLACE INTO analyses (digest, image_id, architecture, distro, distro_version, layer_count, image_size, dockerfile_mode, analyzed_at)
            VALUES ($d, $id, $arch, $distro, $version, $layers, $size, $mode, $at)
            """,
            ("$d", analysis.Digest), ("$id", analysis.ImageId), ("$arch", analysis.Architecture), ("$distro", analysis.Distro),
            ("$version", analysis.DistroVersion), ("$layers", analysis.LayerCount), ("$size", analysis.ImageSize), ("$mode", analysis.DockerfileMode),
            ("$at", Time(analysis.AnalyzedAt)));
        FinishJob(connection, transaction, analysis.Digest, "analyzed", analysis.AnalyzedAt, completedEvent);
        transaction.Commit();
        return true;
    }

    public bool FailAnalysis(string digest, string worker, Func<ImageRecord, EventRecord> failedEvent)
    {
        ArgumentNullException.ThrowIfNull(failedEvent);
        using var connection = Connect();
        using var transaction = connection.BeginTransaction(deferred: false);
        if (!Holds(connection, transaction, digest, worker))
        {
            return false;
        }

        FinishJob(connection, transaction, digest, "analysis_failed", null, failedEvent);
        transaction.Commit();
        return true;
    }

    private static bool Holds(SqliteConnection connection, SqliteTransaction transaction, string digest, string worker) =>
        Scalar(connection, transaction, $"SELECT 1 FROM analysis_jobs WHERE {HeldBy}", ("$d", digest), ("$w", worker)) is not null;

    private void FinishJob(SqliteConnection connection, SqliteTransaction transaction, string digest, string status, DateTimeOffset? analyzedAt,
        Func<ImageRecord, EventRecord> eventFor)
    {
        foreach (var image in LoadImages(connection, transaction, $"WHERE digest = $d AND {Waiting}", ("$d", digest)))
        {
            InsertEvent(connection, transaction, eventFor(image));
        }

        Execute(connection, transaction, $"UPDATE images SET analysis_status = $s, analyzed_at = $at, last_updated = $now WHERE digest = $d AND {Waiting}",
            ("$s", status), ("$at", Time(analyzedAt)), ("$now", Time(_clock.GetUtcNow())), ("$d", digest));
        Execute(connection, transaction, "DELETE FROM analysis_jobs WHERE digest = $d", ("$d", digest));
    }

    public string? GetVulnerabilityReport(string digest, string databaseBuild)
    {
        using var connection = Connect();
        return Scalar(connection, null, "SELECT report FROM vulnerability_reports WHERE digest = $d AND db_build = $b", ("$d", digest), ("$b", databaseBuild)) as string;
    }

    public void SaveVulnerabilityReport(string digest, string databaseBuild, string reportJson)
    {
        using var connection = Connect();
        Execute(connection, null, "INSERT OR REPLACE INTO vulnerability_reports (digest, db_build, report) VALUES ($d, $b, $r)",
            ("$d", digest), ("$b", databaseBuild), ("$r", reportJson));
    }

    private static List<ImageRecord> LoadImages(SqliteConnection connection, SqliteTransaction? transaction, string where, params (string, object?)[] parameters)
    {
        var images = Query(connection, transaction, $"SELECT * FROM images {where} ORDER BY created_at, digest", r => new ImageRecord
        {
            Account = r.Text("account"),
            Digest = r.Text("digest"),
            ImageId = r.Text("image_id"),
            ParentDigest = r.NullableText("parent_digest"),
            ImageStatus = r.Text("image_status"),
            AnalysisStatus = r.Text("analysis_status"),
            AnalyzedAt = r.NullableTime("analyzed_at"),
            CreatedAt = r.Time("created_at"),
            LastUpdated = r.Time("last_updated"),
            AnnotationsJson = r.NullableText("annotations"),
            RecordVersion = (int)r.Long("record_version"),
            CompressedSize = r.Long("compressed_size"),
        }, parameters);
        var tags = Query(connection, transaction, $"SELECT * FROM image_tags WHERE (account, digest) IN (SELECT account, digest FROM images {where}) ORDER BY created_at",
            r => (r.Text("account"), r.Text("digest"), new ImageTagRecord(r.Text("registry"), r.Text("repo"), r.Text("tag"), r.Text("fulltag"),
                r.NullableText("dockerfile"), r.Time("created_at"), r.Time("tag_detected_at"))), parameters)
            .ToLookup(t => (t.Item1, t.Item2), t => t.Item3);
        return images.Select(i => i with { Tags = tags[(i.Account, i.Digest)].ToList() }).ToList();
    }
}
