using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Gantry.Core;
using Gantry.Formats.Native;
using Gantry.Formats.Readers;
using Gantry.Images.FileSystem;

namespace Gantry.Engine.Stored;

/// <summary>
/// One entry of an analyzed image's squashed file system. <see cref="Kind"/> is <c>file</c>, <c>directory</c>,
/// <c>symlink</c>, <c>hardlink</c> or <c>other</c>; <see cref="Sha256"/> is set only for files whose contents were kept.
/// </summary>
public sealed record StoredFile(string Path, string Kind, long Size, int Mode, int Uid, int Gid, string? LinkTarget, string? Sha256);

/// <summary>
/// An analysis a host keeps so it can match and evaluate the image again without pulling it: the SBOM, the files the
/// policy gates and secret checks read, and the manifest and config as the registry served them. It is written to and
/// read from one folder (<see cref="WriteTo(string)"/>) or from named streams; a host owns the folder and its atomic replacement.
/// </summary>
public sealed class StoredAnalysis
{
    private const string SbomFile = "sbom.json";
    private const string FilesFile = "files.json.gz";
    private const string ManifestFile = "manifest.json";
    private const string ConfigFile = "config.json";

    internal StoredAnalysis(Sbom sbom, FileSystemSnapshot files, byte[] manifest, byte[] config)
    {
        Sbom = sbom;
        Files = files;
        Manifest = manifest;
        Config = config;
    }

    public Sbom Sbom { get; }

    /// <summary>The image manifest, byte for byte as the registry served it.</summary>
    public IReadOnlyList<byte> Manifest { get; }

    /// <summary>The image config blob, byte for byte.</summary>
    public IReadOnlyList<byte> Config { get; }

    internal FileSystemSnapshot Files { get; }

    /// <summary>The names of the documents <see cref="WriteTo(Func{string, Stream})"/> writes, one stream each.</summary>
    public static IReadOnlyList<string> DocumentNames { get; } = [SbomFile, FilesFile, ManifestFile, ConfigFile];

    /// <summary>Writes the four documents into <paramref name="folder"/>, which must exist.</summary>
    public void WriteTo(string folder) => WriteTo(name => File.Create(Path.Combine(folder, name)));

    /// <summary>Writes each document to the stream <paramref name="create"/> opens for its name (a host storing them elsewhere than in files).</summary>
    public void WriteTo(Func<string, Stream> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        using (var sbom = create(SbomFile))
        {
            NativeSbomWriter.Write(Sbom, sbom);
        }

        using (var files = new GZipStream(create(FilesFile), CompressionLevel.Fastest))
        {
            JsonSerializer.Serialize(files, Files, SnapshotJsonContext.Default.FileSystemSnapshot);
        }

        using (var manifest = create(ManifestFile))
        {
            manifest.Write([.. Manifest]);
        }

        using var config = create(ConfigFile);
        config.Write([.. Config]);
    }

    /// <summary>Reads back what <see cref="WriteTo(string)"/> wrote; <paramref name="name"/> names the image in errors.</summary>
    public static StoredAnalysis ReadFrom(string folder, string name) => ReadFrom(InFolder(folder), name);

    /// <summary>Reads back what <see cref="WriteTo(Func{string, Stream})"/> wrote, each document from the stream <paramref name="open"/> returns for its name.</summary>
    public static StoredAnalysis ReadFrom(Func<string, Stream> open, string name) =>
        new(ReadSbom(open, name), ReadSnapshot(open, name), ReadManifest(open), ReadAll(open, ConfigFile));

    /// <summary>Only the SBOM, for the reads that need nothing else (content, vulnerabilities).</summary>
    public static Sbom ReadSbom(string folder, string name) => SbomDocumentReader.Read(Path.Combine(folder, SbomFile), name);

    public static Sbom ReadSbom(Func<string, Stream> open, string name)
    {
        ArgumentNullException.ThrowIfNull(open);
        using var stream = open(SbomFile);
        try
        {
            using var document = JsonDocument.Parse(stream);
            return SbomDocumentReader.Read(document.RootElement, name);
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException($"{name}: the stored SBOM is not valid JSON ({ex.Message.Split('.')[0]})", ex);
        }
    }

    public static byte[] ReadManifest(string folder) => ReadManifest(InFolder(folder));

    public static byte[] ReadManifest(Func<string, Stream> open) => ReadAll(open, ManifestFile);

    /// <summary>Every entry of the squashed file system, in path order.</summary>
    public static IReadOnlyList<StoredFile> ReadFiles(string folder, string name) => ReadFiles(InFolder(folder), name);

    public static IReadOnlyList<StoredFile> ReadFiles(Func<string, Stream> open, string name)
    {
        var snapshot = ReadSnapshot(open, name);
        return snapshot.Nodes
            .Select(n => new StoredFile(n.Path, n.Kind.ToString().ToLowerInvariant(), n.Size, n.Mode, n.Uid, n.Gid, n.LinkTarget,
                snapshot.Contents.TryGetValue(n.Path, out var content) ? Convert.ToHexStringLower(SHA256.HashData(content)) : null))
            .ToList();
    }

    private static Func<string, Stream> InFolder(string folder) => name => File.OpenRead(Path.Combine(folder, name));

    private static byte[] ReadAll(Func<string, Stream> open, string document)
    {
        ArgumentNullException.ThrowIfNull(open);
        using var stream = open(document);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static FileSystemSnapshot ReadSnapshot(Func<string, Stream> open, string name)
    {
        ArgumentNullException.ThrowIfNull(open);
        using var files = new GZipStream(open(FilesFile), CompressionMode.Decompress);
        try
        {
            return JsonSerializer.Deserialize(files, SnapshotJsonContext.Default.FileSystemSnapshot)
                ?? throw new InvalidInputException($"{name}: the stored file snapshot is empty");
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException($"{name}: the stored file snapshot is not valid JSON ({ex.Message.Split('.')[0]})", ex);
        }
    }
}

[JsonSerializable(typeof(FileSystemSnapshot))]
[JsonSourceGenerationOptions(IgnoreReadOnlyProperties = true)]
internal sealed partial class SnapshotJsonContext : JsonSerializerContext;
