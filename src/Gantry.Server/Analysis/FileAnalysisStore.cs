using Gantry.Core;
using Gantry.Engine.Stored;

namespace Gantry.Server.Analysis;

/// <summary>
/// The analyses in <c>DATA/analyses/&lt;algorithm&gt;-&lt;hex&gt;/</c>, one file per document. A folder is written
/// under a temporary name and renamed into place, so a crash never leaves a half-written analysis.
/// </summary>
public sealed class FileAnalysisStore(string dataDirectory) : AnalysisStore
{
    private readonly string _root = Path.Combine(dataDirectory, "analyses");

    public override void Save(string digest, StoredAnalysis analysis)
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

    public override void Delete(string digest)
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

    protected override Func<string, Stream> Documents(string digest)
    {
        var folder = FolderOf(digest);
        return name => File.OpenRead(Path.Combine(folder, name));
    }

    private string FolderOf(string digest) => Path.Combine(_root, Digest.Parse(digest).ToString().Replace(':', '-'));
}
