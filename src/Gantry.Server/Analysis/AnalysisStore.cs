using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Gantry.Core;
using Gantry.Images.FileSystem;

namespace Gantry.Server.Analysis;

/// <summary>
/// The analysis documents of each digest, in <c>DATA/analyses/&lt;algorithm&gt;-&lt;hex&gt;/</c>: the native SBOM, the file
/// snapshot (gzip JSON), the manifest and the config as the registry served them. A folder is written under a
/// temporary name and renamed into place, so a crash never leaves a half-written analysis.
/// </summary>
public sealed class AnalysisStore(string dataDirectory)
{
    private const string SbomFile = "sbom.json";
    private const string FilesFile = "files.json.gz";
    private const string ManifestFile = "manifest.json";
    private const string ConfigFile = "config.json";

    private readonly string _root = Path.Combine(dataDirectory, "analyses");

    public void Save(string digest, AnalysisDocuments documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        Directory.CreateDirectory(_root);
        var final = FolderOf(digest);
        var temporary = final + ".tmp-" + Guid.NewGuid().ToString("N");
        Directory.CreateDirectory(temporary);
        using (var sbom = File.Create(Path.Combine(temporary, SbomFile)))
        {
            EngineAdapter.WriteSbom(documents.Sbom, sbom);
        }

        using (var files = new GZipStream(File.Create(Path.Combine(temporary, FilesFile)), CompressionLevel.Fastest))
        {
            JsonSerializer.Serialize(files, documents.Files, SnapshotJsonContext.Default.FileSystemSnapshot);
        }

        File.WriteAllBytes(Path.Combine(temporary, ManifestFile), documents.Manifest);
        File.WriteAllBytes(Path.Combine(temporary, ConfigFile), documents.Config);
        if (Directory.Exists(final))
        {
            Directory.Delete(final, recursive: true);
        }

        Directory.Move(temporary, final);
    }

    public AnalysisDocuments Load(string digest) =>
        new(LoadSbom(digest), LoadFiles(digest), File.ReadAllBytes(Path.Combine(FolderOf(digest), ManifestFile)),
            File.ReadAllBytes(Path.Combine(FolderOf(digest), ConfigFile)));

    public Sbom LoadSbom(string digest) => EngineAdapter.ReadSbom(Path.Combine(FolderOf(digest), SbomFile), digest);

    public byte[] LoadManifest(string digest) => File.ReadAllBytes(Path.Combine(FolderOf(digest), ManifestFile));

    public FileSystemSnapshot LoadFiles(string digest)
    {
        using var files = new GZipStream(File.OpenRead(Path.Combine(FolderOf(digest), FilesFile)), CompressionMode.Decompress);
        return JsonSerializer.Deserialize(files, SnapshotJsonContext.Default.FileSystemSnapshot)
            ?? throw new InvalidInputException($"{digest}: the stored file snapshot is empty");
    }

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

[JsonSerializable(typeof(FileSystemSnapshot))]
[JsonSourceGenerationOptions(IgnoreReadOnlyProperties = true)]
internal sealed partial class SnapshotJsonContext : JsonSerializerContext;
