using Gantry.Core;
using Gantry.Policy.Dockerfile;

namespace Gantry.Policy.Evaluation;

/// <summary>
/// Everything the gates look at, as plain records. The engine fills it from an analysis; tests build it by hand.
/// The policy engine never reads an image itself.
/// </summary>
public sealed record PolicyInput
{
    public required PolicyImage Image { get; init; }

    /// <summary>Packages, distro and the image description (config, history, layers).</summary>
    public required Sbom Sbom { get; init; }

    public IReadOnlyList<Finding> Findings { get; init; } = [];

    /// <summary>Files of the squashed file system, with mode bits (for <c>files</c>).</summary>
    public IReadOnlyList<FileRecord> Files { get; init; } = [];

    /// <summary>
    /// Reads a file's contents by absolute path, or returns null when it is absent or was not kept
    /// (for <c>files.content_regex_match</c> and <c>retrieved_files</c>).
    /// </summary>
    public Func<string, byte[]?>? ReadFile { get; init; }

    /// <summary>The contents of <c>/etc/passwd</c>, or null when the image has none.</summary>
    public string? PasswdContents { get; init; }

    /// <summary>The Dockerfile the user gave (<c>--dockerfile</c>); null means "guess it from the image history".</summary>
    public ParsedDockerfile? Dockerfile { get; init; }

    /// <summary>State of the vulnerability data (for <c>stale_feed_data</c> and <c>vulnerability_data_unavailable</c>).</summary>
    public FeedStatus Feeds { get; init; } = new();

    /// <summary>Results of checking installed files against the package database (for <c>packages.verify</c>).</summary>
    public IReadOnlyList<PackageFileStatus> PackageVerification { get; init; } = [];

    /// <summary>Malware scan results; null when no scanner ran (<c>malware.scan_not_run</c> fires).</summary>
    public MalwareScan? Malware { get; init; }

    /// <summary>The base image, when known (Gantry's <c>base_image</c> gate and <c>layer_scope</c>).</summary>
    public BaseImageFacts? BaseImage { get; init; }

    /// <summary>The reference image to compare with (Gantry's <c>image_diff</c> gate).</summary>
    public ReferenceImage? Reference { get; init; }

    /// <summary>When a fix was first published, by <c>&lt;vuln id&gt;+&lt;package name&gt;</c> (for <c>max_days_since_fix</c>).</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> FixDates { get; init; } = new Dictionary<string, DateTimeOffset>();
}

/// <summary>The identity of the evaluated image, used by mappings and allowed/denied image rules.</summary>
public sealed record PolicyImage
{
    public string Registry { get; init; } = "docker.io";

    public string Repository { get; init; } = string.Empty;

    public string? Tag { get; init; }

    /// <summary>The manifest digest, <c>sha256:…</c>.</summary>
    public string? Digest { get; init; }

    /// <summary>The image id: the config digest's hex, as Anchore shows it.</summary>
    public string? ImageId { get; init; }

    /// <summary><c>registry/repository:tag</c> as Anchore prints it in results (<c>@digest</c> when there is no tag).</summary>
    public string FullTag => Tag is null && Digest is not null ? $"{Registry}/{Repository}@{Digest}" : $"{Registry}/{Repository}:{Tag ?? "latest"}";

    /// <summary>
    /// Parses a reference such as <c>nginx:1.25</c>, <c>ghcr.io/org/app:v1</c> or <c>repo@sha256:…</c>.
    /// Docker Hub short names get <c>docker.io</c>, and <c>dockerhub/</c> is rewritten to <c>docker.io/</c> as in Anchore.
    /// </summary>
    public static PolicyImage Parse(string reference, string? imageId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        var rest = reference.Trim();
        if (rest.StartsWith("dockerhub/", StringComparison.Ordinal))
        {
            rest = "docker.io/" + rest["dockerhub/".Length..];
        }

        var parts = ImageReferenceParts.Split(rest, ImageReferenceParts.LooksLikeHost);
        var registry = parts.Host ?? "docker.io";
        return new PolicyImage
        {
            Registry = registry,
            Repository = registry == "docker.io" && !parts.Path.Contains('/', StringComparison.Ordinal) ? "library/" + parts.Path : parts.Path,
            Tag = parts.Tag ?? (parts.Digest is null ? "latest" : null),
            Digest = parts.Digest,
            ImageId = imageId,
        };
    }
}

/// <summary>One file of the image with its metadata. Mode holds the permission and type bits as in <c>st_mode</c>.</summary>
public sealed record FileRecord(string Path, int Mode, int Uid = 0, int Gid = 0, long Size = 0, string? Sha256 = null, string? LayerDiffId = null)
{
    public const int SetUidBit = 0x800;
    public const int SetGidBit = 0x400;

    public bool IsSetUidOrSetGid => (Mode & (SetUidBit | SetGidBit)) != 0;
}

/// <summary>Age and coverage of the vulnerability data.</summary>
public sealed record FeedStatus
{
    /// <summary>When the vulnerability database was last built or updated; null when unknown.</summary>
    public DateTimeOffset? LastSync { get; init; }

    /// <summary>False when the database holds no data for the image's distro (e.g. an unsupported OS).</summary>
    public bool DistroDataAvailable { get; init; } = true;
}

public enum PackageFileState
{
    Changed,
    Missing,
}

/// <summary>A file the package database lists that differs from (or is missing in) the image.</summary>
public sealed record PackageFileStatus(string PackageName, string Path, PackageFileState State);

/// <summary>A malware scan: the scanner that ran and what it found.</summary>
public sealed record MalwareScan(string Scanner, IReadOnlyList<MalwareFinding> Findings);

public sealed record MalwareFinding(string Path, string Signature);

/// <summary>What is known about the base image an image was built from.</summary>
public sealed record BaseImageFacts
{
    /// <summary>The base image reference, such as <c>docker.io/library/debian:12</c>.</summary>
    public string? Reference { get; init; }

    public string? Digest { get; init; }

    /// <summary>DiffIDs of the layers that belong to the base image (the first layers of the image).</summary>
    public IReadOnlyList<string> LayerDiffIds { get; init; } = [];

    /// <summary>True or false once the base image's signature was checked against trusted keys; null when it was not.</summary>
    public bool? SignatureVerified { get; init; }
}

/// <summary>A reference image to compare packages with, e.g. the previous release.</summary>
public sealed record ReferenceImage(string Name, IReadOnlyList<Package> Packages);
