using Gantry.Core;
using Gantry.Engine.Stored;

namespace Gantry.Server.Analysis;

/// <summary>
/// The stored analysis of each digest, in <c>DATA/analyses/&lt;algorithm&gt;-&lt;hex&gt;/</c> (what the engine's
/// <see cref="StoredAnalysis"/> writes: SBOM, file snapshot, manifest and config). A folder is written under a
/// temporary name and renamed into place, so a crash never leaves a half-written analysis.
/// </summary>
public sealed class AnalysisStore(string dataDirectory)
{
    private readonly string _root = Path.Combine(dataDirectory, "analyses");

    public void Save(string digest, StoredAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        Directory.CreateDirectory(_root);
        var final = FolderOf(digest);
        var temporary = final + ".tmp-" + Guid.NewGuid().ToString("N");
        Directory.CreateDirectory(temporary);
        analysis.WriteTo(temporary);
        if (Directory.Exists(final))
        {
            Directory.Delete(final, recursive: true);
        }

        Directory.Move(temporary, final);
    }

    public StoredAnalysis Load(string digest) => StoredAnalysis.ReadFrom(FolderOf(digest), digest);

    public Sbom LoadSbom(string digest) => StoredAnalysis.ReadSbom(FolderOf(digest), digest);

    public byte[] LoadManifest(string digest) => StoredAnalysis.ReadManifest(FolderOf(digest));

    public IReadOnlyList<StoredFile> LoadFiles(string digest) => StoredAnalysis.ReadFiles(FolderOf(digest), digest);

    public void Delete(string digest)
    {
        var folder = FolderOf(digest);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Removes folders a crash left under a temporary name.</summary>
    public void RemoveUnfinished()
    {
        if (Directory.Exists(_root))
        {
            foreach (var folder in Directory.GetDirectories(_root, "*.tmp-*"))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private string FolderOf(string digest) => Path.Combine(_root, Digest.Parse(digest).ToString().Replace(':', '-'));
}
