using Gantry.Core;

namespace Gantry.Images.Blobs;

/// <summary>
/// An OCI image layout folder. Only <c>oci-layout</c>, <c>index.json</c> and <c>blobs/ALG/HEX</c>
/// names are served, and blob names are rebuilt from validated digests, so no archive-supplied
/// string can point outside the folder.
/// </summary>
internal sealed class OciLayoutDirectoryStore(string root, string displayName) : IBlobStore
{
    public string DisplayName { get; } = displayName;

    public bool Exists(string path) => Resolve(path) is { } file && File.Exists(file);

    public long GetLength(string path) => Resolve(path) is { } file && File.Exists(file) ? new FileInfo(file).Length : -1;

    public Stream Open(string path)
    {
        var file = Resolve(path);
        if (file is null || !File.Exists(file))
        {
            throw new InvalidInputException($"{DisplayName}: the layout has no file '{path}'");
        }

        return new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 65536, FileOptions.SequentialScan);
    }

    public void Dispose()
    {
    }

    private string? Resolve(string path)
    {
        if (path is "index.json" or "oci-layout")
        {
            return Path.Combine(root, path);
        }

        var parts = path.Split('/');
        if (parts.Length == 3 && parts[0] == "blobs" && Digest.TryParse($"{parts[1]}:{parts[2]}", out var digest))
        {
            return Path.Combine(root, "blobs", digest.Algorithm, digest.Hex);
        }

        return null;
    }
}
