namespace Gantry.Images.FileSystem;

public enum FileKind
{
    File,
    Directory,
    Symlink,
    HardLink,
    Other,
}

/// <summary>
/// One entry of the image's file system index: what the tar header said, and the layer it came
/// from. Contents are not kept here; only requested files are buffered, by the view.
/// </summary>
public sealed record FileNode
{
    /// <summary>Absolute, normalized path ("/etc/passwd").</summary>
    public required string Path { get; init; }

    public required FileKind Kind { get; init; }

    public long Size { get; init; }

    /// <summary>Unix mode bits, permissions plus setuid (04000), setgid (02000) and sticky (01000).</summary>
    public int Mode { get; init; }

    public int Uid { get; init; }

    public int Gid { get; init; }

    /// <summary>For symlinks the raw target; for hard links the normalized path of the linked file.</summary>
    public string? LinkTarget { get; init; }

    /// <summary>Index of the layer the entry came from (0 = bottom).</summary>
    public int LayerIndex { get; init; }
}
