using System.IO.Compression;
using System.Security.Cryptography;
using Gantry.Images.FileSystem;
using Gantry.Images.Layers;
using Gantry.Images.Oci;

namespace Gantry.Images.Sources;

/// <summary>
/// What opening and reading an image initializes on first use, done ahead: OpenSSL's digest (loaded on the first
/// hash), the OCI documents' JSON metadata, zlib, and the glob matching and layer cache key computed before the first
/// blob is read (regular expressions are slow to build the first time). A host that knows an image is about to be read
/// runs it on another core while it still parses its command line, instead of paying for it on the scan's path.
/// </summary>
public static class ImageReadingWarmUp
{
    public static void Run()
    {
        SHA256.HashData(ReadOnlySpan<byte>.Empty);
        _ = OciJsonContext.Default.OciIndex;
        _ = OciJsonContext.Default.OciManifest;
        _ = OciJsonContext.Default.ImageConfigFile;
        using var inflater = new ZLibStream(Stream.Null, CompressionMode.Decompress);
        string[] globs = ["**/warm-up/*.txt", "warm-up/?", "warm-up", PathRequestSet.ExecutablePrefix + "**/warm-up"];
        _ = new PathRequestSet(globs).IsRequested("a/warm-up/b.txt", 0);
        _ = LayerWalker.CacheFingerprint(globs, AnalysisLimits.Default, []).Value;
    }
}
