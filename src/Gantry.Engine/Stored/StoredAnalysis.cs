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
/// read from one folder (<see cref="WriteTo"/>); a host owns the folder and its atomic replacement.
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

    /// <summary>Writes the four documents into <paramref name="folder"/>, which must exist.</summary>
    public void WriteTo(string folder)
    {
        using (var sbom = File.Create(Path.Combine(folder, SbomFile)))
        {
            NativeSbomWriter.Write(Sbom, sbom);
        }

        using (var files = new GZipStream(File.Create(Path.Combine(folder, FilesFile)), CompressionLevel.Fastest))
        {
            JsonSerializer.Serialize(files, Files, SnapshotJsonContext.Default.FileSystemSnapshot);
        }

        File.WriteAllBytes(Path.Combine(folder, ManifestFile), [.. Manifest]);
        File.WriteAllBytes(Path.Combine(folder, ConfigFile), [.. Config]);
    }

    /// <summary>Reads back what <see cref="WriteTo"/> wrote; <paramref name="name"/> names the image in errors.</summary>
    public static StoredAnalysis ReadFrom(string folder, string name) =>
        new(ReadSbom(folder, name), ReadSnapshot(folder, name), ReadManifest(folder), File.ReadAllBytes(Path.Combine(folder, ConfigFile)));

    /// <summary>Only the SBOM, for the reads that need nothing else (content, vulnerabilities).</summary>
    public static Sbom ReadSbom(string folder, string name) => SbomDocumentReader.Read(Path.Combine(folder, SbomFile), name);

    public static byte[] ReadManifest(string folder) => File.ReadAllBytes(Path.Combine(folder, ManifestFile));

    /// <summary>Every entry of the squashed file system, in path order.</summary>
    public static IReadOnlyList<StoredFile> ReadFiles(string folder, string name)
    {
        var snapshot = ReadSnapshot(folder, name);
        return snapshot.Nodes
            .Select(n => new StoredFile(n.Path, n.Kind.ToString().ToLowerInvariant(), n.Size, n.Mode, n.Uid, n.Gid, n.LinkTarget,
                snapshot.Contents.TryGetValue(n.Path, out var content) ? Convert.ToHexStringLower(SHA256.HashData(content)) : null))
            .ToList();
    }

    private static FileSystemSnapshot ReadSnapshot(string folder, string name)
    {
        using var files = new GZipStream(File.OpenRead(Path.Combine(folder, FilesFile)), CompressionMode.Decompress);
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
