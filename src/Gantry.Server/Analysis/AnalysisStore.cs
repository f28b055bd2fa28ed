using Gantry.Core;
using Gantry.Engine.Stored;

namespace Gantry.Server.Analysis;

/// <summary>
/// The stored analysis of each digest (what the engine's <see cref="StoredAnalysis"/> writes: SBOM, file snapshot,
/// manifest and config), kept whole or not at all: as files in the data folder (<see cref="FileAnalysisStore"/>) or in
/// the PostgreSQL database processes share (<see cref="DatabaseAnalysisStore"/>).
/// </summary>
public abstract class AnalysisStore
{
    public abstract void Save(string digest, StoredAnalysis analysis);

    public abstract void Delete(string digest);

    public StoredAnalysis Load(string digest) => StoredAnalysis.ReadFrom(Documents(digest), digest);

    public Sbom LoadSbom(string digest) => StoredAnalysis.ReadSbom(Documents(digest), digest);

    public byte[] LoadManifest(string digest) => StoredAnalysis.ReadManifest(Documents(digest));

    public IReadOnlyList<StoredFile> LoadFiles(string digest) => StoredAnalysis.ReadFiles(Documents(digest), digest);

    /// <summary>Opens one of the digest's documents by name; a missing one is an <see cref="IOException"/> (file or folder not found).</summary>
    protected abstract Func<string, Stream> Documents(string digest);
}
