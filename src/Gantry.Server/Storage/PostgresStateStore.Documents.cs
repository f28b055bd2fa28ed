namespace Gantry.Server.Storage;

/// <summary>The analysis documents (SBOM, file snapshot, manifest, config), compressed by the caller: no shared disk is needed between processes.</summary>
public sealed partial class PostgresStateStore
{
    /// <summary>Replaces the digest's documents with <paramref name="documents"/> in one transaction: never half-written.</summary>
    public void SaveDocuments(string digest, IReadOnlyDictionary<string, byte[]> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        InTransaction((connection, transaction) =>
        {
            Execute(connection, transaction, "DELETE FROM analysis_documents WHERE digest = @d", ("@d", digest));
            foreach (var (name, content) in documents)
            {
                Execute(connection, transaction, "INSERT INTO analysis_documents (digest, name, content) VALUES (@d, @n, @c)",
                    ("@d", digest), ("@n", name), ("@c", content));
            }

            return true;
        });
    }

    /// <summary>The stored document, or null.</summary>
    public byte[]? GetDocument(string digest, string name) =>
        Query("SELECT content FROM analysis_documents WHERE digest = @d AND name = @n", r => r.Bytes("content"), ("@d", digest), ("@n", name)).FirstOrDefault();

    public void DeleteDocuments(string digest)
    {
        using var connection = Connect();
        Execute(connection, null, "DELETE FROM analysis_documents WHERE digest = @d", ("@d", digest));
    }
}
