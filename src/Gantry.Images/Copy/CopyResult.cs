using Gantry.Core;

namespace Gantry.Images.Copy;

/// <summary>What a copy did: where the image went, its manifest digest, and what happened to each blob.</summary>
public sealed record CopyResult(string Destination, Digest ManifestDigest, string MediaType, int BlobsWritten, int BlobsSkipped, int BlobsMounted);
