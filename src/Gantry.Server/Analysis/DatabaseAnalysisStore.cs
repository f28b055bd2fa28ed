using System.IO.Compression;
using Gantry.Engine.Stored;
using Gantry.Server.Storage;

namespace Gantry.Server.Analysis;

/// <summary>
/// The analyses in the PostgreSQL state store, each document Brotli-compressed (SBOMs compress about tenfold), all of
/// a digest's documents replaced in one transaction.
/// </summary>
public sealed class DatabaseAnalysisStore(PostgresStateStore store) : AnalysisStore
{
    public override void Save(string digest, StoredAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var buffers = new Dictionary<string, MemoryStream>(StringComparer.Ordinal);
        analysis.WriteTo(name =>
        {
            var buffer = new MemoryStream();
            buffers[name] = buffer;
            return new BrotliStream(buffer, CompressionLevel.Fastest);
        });
        // ToArray works on a closed MemoryStream: each was closed, and so flushed, by the Brotli stream over it.
        store.SaveDocuments(digest, buffers.ToDictionary(b => b.Key, b => b.Value.ToArray(), StringComparer.Ordinal));
    }

    public override void Delete(string digest) => store.DeleteDocuments(digest);

    protected override Func<string, Stream> Documents(string digest) =>
        name => store.GetDocument(digest, name) is { } content
            ? new BrotliStream(new MemoryStream(content), CompressionMode.Decompress)
            : throw new FileNotFoundException($"{digest}: no stored {name} in the state store");
}
