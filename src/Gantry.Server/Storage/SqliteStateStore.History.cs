namespace Gantry.Server.Storage;

/// <summary>What the web UI keeps: findings counts per digest, the re-check history, and its data protection keys.</summary>
public sealed partial class SqliteStateStore
{
    public void AddRecheckPoint(RecheckPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        using var connection = Connect();
        Execute(connection, null,
            "INSERT INTO recheck_history (account, fulltag, digest, db_build, counts, checked_at) VALUES ($a, $t, $d, $b, $counts, $c)",
            ("$a", point.Account), ("$t", point.FullTag), ("$d", point.Digest), ("$b", point.DatabaseBuild), ("$counts", point.CountsJson), ("$c", Time(point.CheckedAt)));
    }

    public IReadOnlyList<RecheckPoint> ListRecheckPoints(string account, string fullTag) =>
        Query("SELECT * FROM recheck_history WHERE account = $a AND fulltag = $t ORDER BY checked_at, rowid",
            r => new RecheckPoint(r.Text("account"), r.Text("fulltag"), r.Text("digest"), r.Text("db_build"), r.Text("counts"), r.Time("checked_at")),
            ("$a", account), ("$t", fullTag));

    public void SaveFindingCounts(FindingCountsRecord counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        using var connection = Connect();
        Execute(connection, null, "INSERT OR REPLACE INTO finding_counts (digest, db_build, counts, computed_at) VALUES ($d, $b, $counts, $c)",
            ("$d", counts.Digest), ("$b", counts.DatabaseBuild), ("$counts", counts.CountsJson), ("$c", Time(counts.ComputedAt)));
    }

    public IReadOnlyList<FindingCountsRecord> ListFindingCounts(string account) =>
        Query("SELECT * FROM finding_counts WHERE digest IN (SELECT digest FROM images WHERE account = $a)",
            r => new FindingCountsRecord(r.Text("digest"), r.Text("db_build"), r.Text("counts"), r.Time("computed_at")), ("$a", account));

    public IReadOnlyList<string> ListDataProtectionKeys() => Query("SELECT xml FROM data_protection_keys ORDER BY created_at, name", r => r.Text("xml"));

    public void AddDataProtectionKey(string name, string xml)
    {
        using var connection = Connect();
        Execute(connection, null, "INSERT INTO data_protection_keys (name, xml, created_at) VALUES ($n, $x, $c)",
            ("$n", name), ("$x", xml), ("$c", Time(_clock.GetUtcNow())));
    }
}
