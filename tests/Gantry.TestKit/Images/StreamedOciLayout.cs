using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Gantry.TestKit.Images;

/// <summary>
/// Writes an OCI image layout whose layers are streamed straight to disk (tar → gzip at the fastest level → file,
/// hashed on the way), for images too big to build in memory with <see cref="SyntheticImage"/>: hundreds of megabytes,
/// hundreds of thousands of entries.
/// </summary>
public static class StreamedOciLayout
{
    /// <summary>Writes the layout to <paramref name="directory"/>; each action writes one layer's entries.</summary>
    public static void Write(string directory, string repoTag, params Action<TarWriter>[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var blobs = Path.Combine(directory, "blobs", "sha256");
        Directory.CreateDirectory(blobs);
        var built = new List<BuiltLayer>();
        var sizes = new List<long>();
        foreach (var write in layers)
        {
            var temporary = Path.Combine(blobs, "layer.partial");
            using var blobHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using var tarHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size;
            using (var file = File.Create(temporary))
            {
                var blob = new HashingStream(file, blobHash);
                using (var gzip = new GZipStream(blob, CompressionLevel.Fastest, leaveOpen: true))
                using (var tar = new TarWriter(new HashingStream(gzip, tarHash), TarEntryFormat.Pax, leaveOpen: false))
                {
                    write(tar);
                }

                size = file.Length;
            }

            var digest = "sha256:" + Convert.ToHexStringLower(blobHash.GetHashAndReset());
            File.Move(temporary, Path.Combine(blobs, digest["sha256:".Length..]), overwrite: true);
            built.Add(new BuiltLayer([], digest, "sha256:" + Convert.ToHexStringLower(tarHash.GetHashAndReset()), "application/vnd.oci.image.layer.v1.tar+gzip", null));
            sizes.Add(size);
        }

        var config = new SyntheticImage().BuildConfig(built);
        var manifest = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["config"] = new JsonObject { ["mediaType"] = "application/vnd.oci.image.config.v1+json", ["digest"] = SyntheticImage.Sha256(config), ["size"] = config.Length },
            ["layers"] = new JsonArray(built.Select((l, i) => (JsonNode)new JsonObject { ["mediaType"] = l.MediaType, ["digest"] = l.Digest, ["size"] = sizes[i] }).ToArray()),
        }.ToJsonString());
        File.WriteAllBytes(Path.Combine(blobs, SyntheticImage.Sha256(config)["sha256:".Length..]), config);
        File.WriteAllBytes(Path.Combine(blobs, SyntheticImage.Sha256(manifest)["sha256:".Length..]), manifest);
        File.WriteAllText(Path.Combine(directory, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        File.WriteAllText(Path.Combine(directory, "index.json"), new JsonObject
        {
            ["schemaVersion"] = 2,
            ["manifests"] = new JsonArray(new JsonObject
            {
                ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
                ["digest"] = SyntheticImage.Sha256(manifest),
                ["size"] = manifest.Length,
                ["annotations"] = new JsonObject { ["org.opencontainers.image.ref.name"] = repoTag },
            }),
        }.ToJsonString());
    }

    /// <summary>A regular file entry whose bytes come from <paramref name="content"/> (read to its end).</summary>
    public static void WriteFile(TarWriter tar, string name, Stream content, UnixFileMode mode)
    {
        ArgumentNullException.ThrowIfNull(tar);
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = content, Mode = mode, ModificationTime = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero) });
    }

    private sealed class HashingStream(Stream inner, IncrementalHash hash) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            hash.AppendData(buffer);
            inner.Write(buffer);
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && inner is not FileStream)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
