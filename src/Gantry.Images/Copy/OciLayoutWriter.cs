using System.Formats.Tar;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gantry.Core;
using Gantry.Images.Oci;

namespace Gantry.Images.Copy;

/// <summary>
/// Writes an image into an OCI image layout folder (adding to one that exists, replacing an entry
/// with the same ref name) or into a new OCI archive. Blobs are verified as they are written and
/// land under their final name only when complete.
/// </summary>
internal static class OciLayoutWriter
{
    private const string RefNameAnnotation = "org.opencontainers.image.ref.name";

    /// <summary>Writes '+' in media types as is, as other tools do.</summary>
    private static readonly JsonSerializerOptions RelaxedJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<CopyResult> WriteDirectoryAsync(RawImage image, CopyDestination destination, CancellationToken cancellationToken)
    {
        var root = destination.Path;
        if (File.Exists(root))
        {
            throw new InvalidInputException($"{destination.Original}: is a file, not a folder");
        }

        Directory.CreateDirectory(root);
        var layoutFile = Path.Combine(root, "oci-layout");
        if (!File.Exists(layoutFile))
        {
            await File.WriteAllTextAsync(layoutFile, "{\"imageLayoutVersion\":\"1.0.0\"}", cancellationToken).ConfigureAwait(false);
        }

        int written = 0, skipped = 0;
        foreach (var blob in image.Blobs)
        {
            var path = BlobFile(root, Digest.Parse(blob.Digest));
            if (File.Exists(path) && new FileInfo(path).Length == blob.Size)
            {
                skipped++;
                continue;
            }

            using var source = await image.OpenVerifiedBlobAsync(blob, cancellationToken).ConfigureAwait(false);
            await WriteAtomicallyAsync(path, source, cancellationToken).ConfigureAwait(false);
            written++;
        }

        var digest = image.ManifestDigest;
        using (var manifest = new MemoryStream(image.ManifestBytes, writable: false))
        {
            await WriteAtomicallyAsync(BlobFile(root, digest), manifest, cancellationToken).ConfigureAwait(false);
        }

        await UpdateIndexAsync(root, image, digest, destination.Tag, cancellationToken).ConfigureAwait(false);
        return new CopyResult(destination.Original, digest, image.ManifestMediaType, written, skipped, 0);
    }

    public static async Task<CopyResult> WriteArchiveAsync(RawImage image, CopyDestination destination, CancellationToken cancellationToken)
    {
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gantry-copy-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var result = await WriteDirectoryAsync(image, destination with { Path = folder }, cancellationToken).ConfigureAwait(false);
            var partial = destination.Path + ".partial";
            await TarFile.CreateFromDirectoryAsync(folder, partial, includeBaseDirectory: false, cancellationToken).ConfigureAwait(false);
            File.Move(partial, destination.Path, overwrite: true);
            return result with { Destination = destination.Original };
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static string BlobFile(string root, Digest digest)
    {
        var folder = Path.Combine(root, "blobs", digest.Algorithm);
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, digest.Hex);
    }

    private static async Task WriteAtomicallyAsync(string path, Stream source, CancellationToken cancellationToken)
    {
        var partial = path + ".partial";
        try
        {
            var target = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 65536, useAsync: true);
            await using (target.ConfigureAwait(false))
            {
                await source.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
            }

            File.Move(partial, path, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private static async Task UpdateIndexAsync(string root, RawImage image, Digest digest, string? tag, CancellationToken cancellationToken)
    {
        var indexPath = Path.Combine(root, "index.json");
        JsonObject index;
        try
        {
            index = File.Exists(indexPath)
                ? JsonNode.Parse(await File.ReadAllBytesAsync(indexPath, cancellationToken).ConfigureAwait(false)) as JsonObject
                    ?? throw new InvalidInputException($"{indexPath}: not a JSON object")
                : new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = MediaTypes.OciIndex };
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException($"{indexPath}: invalid JSON ({ex.Message.Split('.')[0]})", ex);
        }

        var manifests = index["manifests"] as JsonArray ?? [];
        index["manifests"] = null;
        var kept = manifests.Where(m => m is JsonObject entry && !Replaces(entry, digest, tag)).Select(m => m!.DeepClone()).ToList();
        var added = new JsonObject
        {
            ["mediaType"] = image.ManifestMediaType,
            ["digest"] = digest.ToString(),
            ["size"] = image.ManifestBytes.Length,
        };
        if (tag is not null)
        {
            added["annotations"] = new JsonObject { [RefNameAnnotation] = tag };
        }

        kept.Add(added);
        index["manifests"] = new JsonArray(kept.ToArray());
        var partial = indexPath + ".partial";
        await File.WriteAllTextAsync(partial, index.ToJsonString(RelaxedJson), cancellationToken).ConfigureAwait(false);
        File.Move(partial, indexPath, overwrite: true);
    }

    /// <summary>An entry with the same ref name is replaced; so is an unnamed entry for the same digest.</summary>
    private static bool Replaces(JsonObject entry, Digest digest, string? tag)
    {
        var name = entry["annotations"]?[RefNameAnnotation]?.GetValue<string>();
        return tag is not null ? name == tag : name is null && entry["digest"]?.GetValue<string>() == digest.ToString();
    }
}
