namespace Gantry.Server.Storage;

/// <summary>
/// The PostgreSQL schema, as numbered steps applied in order under an advisory lock and recorded in
/// <c>schema_version</c> (<see cref="SchemaMigrator"/>). The same tables as <see cref="SqliteMigrations"/>, with
/// PostgreSQL's types (times are <c>timestamptz</c>), plus the analysis documents the SQLite store keeps as files.
/// A step is never edited once released: a change is a new step.
/// </summary>
internal static class PostgresMigrations
{
    public static readonly IReadOnlyList<string> Steps =
    [
        """
        CREATE TABLE accounts (name TEXT PRIMARY KEY, email TEXT, type TEXT NOT NULL, state TEXT NOT NULL, created_at timestamptz NOT NULL,
            last_updated timestamptz NOT NULL);
        CREATE TABLE users (username TEXT PRIMARY KEY, account TEXT NOT NULL REFERENCES accounts(name) ON DELETE CASCADE, password_hash TEXT NOT NULL,
            type TEXT NOT NULL, source TEXT NOT NULL, created_at timestamptz NOT NULL, last_updated timestamptz NOT NULL);
        CREATE TABLE images (account TEXT NOT NULL REFERENCES accounts(name) ON DELETE CASCADE, digest TEXT NOT NULL, image_id TEXT NOT NULL,
            parent_digest TEXT, image_status TEXT NOT NULL, analysis_status TEXT NOT NULL, analyzed_at timestamptz, created_at timestamptz NOT NULL,
            last_updated timestamptz NOT NULL, annotations TEXT, record_version INTEGER NOT NULL, compressed_size BIGINT NOT NULL, PRIMARY KEY (account, digest));
        CREATE INDEX images_by_digest ON images(digest);
        CREATE TABLE image_tags (account TEXT NOT NULL, digest TEXT NOT NULL, registry TEXT NOT NULL, repo TEXT NOT NULL, tag TEXT NOT NULL,
            fulltag TEXT NOT NULL, dockerfile TEXT, created_at timestamptz NOT NULL, tag_detected_at timestamptz NOT NULL, PRIMARY KEY (account, digest, fulltag),
            FOREIGN KEY (account, digest) REFERENCES images(account, digest) ON DELETE CASCADE);
        CREATE INDEX image_tags_by_fulltag ON image_tags(account, fulltag);
        CREATE TABLE analyses (digest TEXT PRIMARY KEY, image_id TEXT NOT NULL, architecture TEXT, distro TEXT, distro_version TEXT,
            layer_count INTEGER NOT NULL, image_size BIGINT NOT NULL, dockerfile_mode TEXT, analyzed_at timestamptz NOT NULL);
        CREATE TABLE analysis_documents (digest TEXT NOT NULL, name TEXT NOT NULL, content BYTEA NOT NULL, PRIMARY KEY (digest, name));
        CREATE TABLE analysis_jobs (digest TEXT PRIMARY KEY, pull_string TEXT NOT NULL, account TEXT NOT NULL, state TEXT NOT NULL,
            attempts INTEGER NOT NULL, enqueued_at timestamptz NOT NULL, claimed_at timestamptz, worker TEXT, lease_until timestamptz);
        CREATE INDEX analysis_jobs_claimable ON analysis_jobs(enqueued_at, digest);
        CREATE TABLE vulnerability_reports (digest TEXT NOT NULL, db_build TEXT NOT NULL, report TEXT NOT NULL, PRIMARY KEY (digest, db_build));
        CREATE TABLE policies (account TEXT NOT NULL REFERENCES accounts(name) ON DELETE CASCADE, policy_id TEXT NOT NULL, active BOOLEAN NOT NULL,
            name TEXT, description TEXT, bundle TEXT NOT NULL, created_at timestamptz NOT NULL, last_updated timestamptz NOT NULL,
            PRIMARY KEY (account, policy_id));
        CREATE TABLE evaluations (account TEXT NOT NULL REFERENCES accounts(name) ON DELETE CASCADE, digest TEXT NOT NULL, fulltag TEXT NOT NULL,
            policy_id TEXT NOT NULL, status TEXT NOT NULL, final_action TEXT NOT NULL, result TEXT NOT NULL, created_at timestamptz NOT NULL);
        CREATE INDEX evaluations_by_image ON evaluations(account, digest, fulltag);
        CREATE TABLE registries (account TEXT NOT NULL REFERENCES accounts(name) ON DELETE CASCADE, registry TEXT NOT NULL, name TEXT NOT NULL,
            username TEXT NOT NULL, secret BYTEA NOT NULL, type TEXT NOT NULL, verify BOOLEAN NOT NULL, created_at timestamptz NOT NULL,
            last_updated timestamptz NOT NULL, PRIMARY KEY (account, registry));
        CREATE TABLE subscriptions (id TEXT NOT NULL, account TEXT NOT NULL REFERENCES accounts(name) ON DELETE CASCADE, type TEXT NOT NULL,
            key TEXT NOT NULL, value TEXT, active BOOLEAN NOT NULL, created_at timestamptz NOT NULL, last_updated timestamptz NOT NULL, PRIMARY KEY (account, id));
        CREATE TABLE events (id TEXT PRIMARY KEY, account TEXT NOT NULL REFERENCES accounts(name) ON DELETE CASCADE, type TEXT NOT NULL,
            level TEXT NOT NULL, message TEXT NOT NULL, details TEXT NOT NULL, resource_type TEXT NOT NULL, resource_id TEXT NOT NULL,
            created_at timestamptz NOT NULL);
        CREATE INDEX events_by_account ON events(account, created_at);
        CREATE TABLE notifications (id TEXT PRIMARY KEY, notification_id TEXT NOT NULL, account TEXT NOT NULL, type TEXT NOT NULL, url TEXT NOT NULL,
            body TEXT NOT NULL, created_at timestamptz NOT NULL, next_attempt_at timestamptz NOT NULL, attempts INTEGER NOT NULL, last_error TEXT);
        CREATE INDEX notifications_due ON notifications(next_attempt_at);
        CREATE TABLE leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at timestamptz NOT NULL);
        CREATE TABLE recheck_baselines (account TEXT NOT NULL REFERENCES accounts(name) ON DELETE CASCADE, fulltag TEXT NOT NULL, digest TEXT NOT NULL,
            db_build TEXT NOT NULL, report TEXT NOT NULL, checked_at timestamptz NOT NULL, PRIMARY KEY (account, fulltag));
        """,
        // Issue #18: the UI's stored findings counts, the re-check history, what became of each notification delivery,
        // and the data protection keys that sign and encrypt its session cookies.
        """
        CREATE TABLE finding_counts (digest TEXT PRIMARY KEY, db_build TEXT NOT NULL, counts TEXT NOT NULL, computed_at timestamptz NOT NULL);
        CREATE TABLE recheck_history (account TEXT NOT NULL REFERENCES accounts(name) ON DELETE CASCADE, fulltag TEXT NOT NULL, digest TEXT NOT NULL,
            db_build TEXT NOT NULL, counts TEXT NOT NULL, checked_at timestamptz NOT NULL);
        CREATE INDEX recheck_history_by_tag ON recheck_history(account, fulltag, checked_at);
        CREATE TABLE notification_deliveries (id TEXT PRIMARY KEY, notification_id TEXT NOT NULL,
            account TEXT NOT NULL REFERENCES accounts(name) ON DELETE CASCADE, type TEXT NOT NULL, subscription_key TEXT, url TEXT NOT NULL,
            state TEXT NOT NULL, attempts INTEGER NOT NULL, last_error TEXT, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);
        CREATE INDEX notification_deliveries_by_key ON notification_deliveries(account, subscription_key, created_at);
        CREATE TABLE data_protection_keys (name TEXT PRIMARY KEY, xml TEXT NOT NULL, created_at timestamptz NOT NULL);
        """,
    ];
}
