using Npgsql;

namespace Gantry.Server.Storage;

/// <summary>Policies, stored evaluations and registry credentials.</summary>
public sealed partial class PostgresStateStore
{
    public void AddPolicy(PolicyRecord policy) => WritePolicy(policy, "");

    public PolicyRecord? GetPolicy(string account, string policyId) =>
        QueryPolicies("WHERE account = @a AND policy_id = @p", ("@a", account), ("@p", policyId)).FirstOrDefault();

    public IReadOnlyList<PolicyRecord> ListPolicies(string account) => QueryPolicies("WHERE account = @a", ("@a", account));

    public void UpdatePolicy(PolicyRecord policy) =>
        WritePolicy(policy, """
            ON CONFLICT (account, policy_id) DO UPDATE SET active = excluded.active, name = excluded.name, description = excluded.description,
                bundle = excluded.bundle, created_at = excluded.created_at, last_updated = excluded.last_updated
            """);

    public void DeletePolicy(string account, string policyId)
    {
        using var connection = Connect();
        Execute(connection, null, "DELETE FROM policies WHERE account = @a AND policy_id = @p", ("@a", account), ("@p", policyId));
    }

    /// <summary>Inserts the policy (<paramref name="onConflict"/> decides a replacement), deactivating the others when it is active, in one transaction.</summary>
    private void WritePolicy(PolicyRecord policy, string onConflict)
    {
        ArgumentNullException.ThrowIfNull(policy);
        InTransaction((connection, transaction) =>
        {
            if (policy.Active)
            {
                Execute(connection, transaction, "UPDATE policies SET active = FALSE WHERE account = @a AND policy_id <> @p", ("@a", policy.Account),
                    ("@p", policy.PolicyId));
            }

            Execute(connection, transaction,
                $"""
                INSERT INTO policies (account, policy_id, active, name, description, bundle, created_at, last_updated)
                VALUES (@a, @p, @active, @name, @description, @bundle, @created, @updated) {onConflict}
                """,
                ("@a", policy.Account), ("@p", policy.PolicyId), ("@active", policy.Active), ("@name", policy.Name), ("@description", policy.Description),
                ("@bundle", policy.BundleJson), ("@created", policy.CreatedAt), ("@updated", policy.LastUpdated));
            return true;
        });
    }

    private List<PolicyRecord> QueryPolicies(string where, params (string, object?)[] parameters) =>
        Query($"SELECT * FROM policies {where} ORDER BY created_at, policy_id", r => new PolicyRecord(r.Text("account"), r.Text("policy_id"), r.Bool("active"),
            r.NullableText("name"), r.NullableText("description"), r.Text("bundle"), r.Time("created_at"), r.Time("last_updated")), parameters);

    public void AddEvaluation(EvaluationRecord evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        using var connection = Connect();
        Execute(connection, null,
            """
            INSERT INTO evaluations (account, digest, fulltag, policy_id, status, final_action, result, created_at)
            VALUES (@a, @d, @t, @p, @s, @f, @r, @c)
            """,
            ("@a", evaluation.Account), ("@d", evaluation.Digest), ("@t", evaluation.FullTag), ("@p", evaluation.PolicyId), ("@s", evaluation.Status),
            ("@f", evaluation.FinalAction), ("@r", evaluation.ResultJson), ("@c", evaluation.CreatedAt));
    }

    public IReadOnlyList<EvaluationRecord> ListEvaluations(string account, string digest, string? fullTag) =>
        Query("SELECT * FROM evaluations WHERE account = @a AND digest = @d AND (@t::text IS NULL OR fulltag = @t) ORDER BY created_at DESC",
            r => new EvaluationRecord(r.Text("account"), r.Text("digest"), r.Text("fulltag"), r.Text("policy_id"), r.Text("status"), r.Text("final_action"),
                r.Text("result"), r.Time("created_at")), ("@a", account), ("@d", digest), ("@t", fullTag));

    public void AddRegistry(RegistryRecord registry) => WriteRegistry(registry, "");

    public void UpdateRegistry(RegistryRecord registry) =>
        WriteRegistry(registry, """
            ON CONFLICT (account, registry) DO UPDATE SET name = excluded.name, username = excluded.username, secret = excluded.secret,
                type = excluded.type, verify = excluded.verify, created_at = excluded.created_at, last_updated = excluded.last_updated
            """);

    public RegistryRecord? GetRegistry(string account, string registry) =>
        QueryRegistries("WHERE account = @a AND registry = @r", ("@a", account), ("@r", registry)).FirstOrDefault();

    public IReadOnlyList<RegistryRecord> ListRegistries(string account) => QueryRegistries("WHERE account = @a", ("@a", account));

    public bool DeleteRegistry(string account, string registry)
    {
        using var connection = Connect();
        return Execute(connection, null, "DELETE FROM registries WHERE account = @a AND registry = @r", ("@a", account), ("@r", registry)) > 0;
    }

    private void WriteRegistry(RegistryRecord registry, string onConflict)
    {
        ArgumentNullException.ThrowIfNull(registry);
        using var connection = Connect();
        Execute(connection, null,
            $"""
            INSERT INTO registries (account, registry, name, username, secret, type, verify, created_at, last_updated)
            VALUES (@a, @r, @n, @u, @s, @t, @v, @c, @l) {onConflict}
            """,
            ("@a", registry.Account), ("@r", registry.Registry), ("@n", registry.Name), ("@u", registry.User), ("@s", registry.SecretCipher),
            ("@t", registry.Type), ("@v", registry.Verify), ("@c", registry.CreatedAt), ("@l", registry.LastUpdated));
    }

    private List<RegistryRecord> QueryRegistries(string where, params (string, object?)[] parameters) =>
        Query($"SELECT * FROM registries {where} ORDER BY registry", r => new RegistryRecord(r.Text("account"), r.Text("registry"), r.Text("name"),
            r.Text("username"), r.Bytes("secret"), r.Text("type"), r.Bool("verify"), r.Time("created_at"), r.Time("last_updated")), parameters);
}
