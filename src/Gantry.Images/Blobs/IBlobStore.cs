namespace Gantry.Images.Blobs;

/// <summary>
/// Random access to the files of an image store: a tar archive's entries or an OCI layout folder.
/// Paths are archive-relative names; they are looked up in an index, never joined onto host paths
/// unvalidated.
/// </summary>
public interface IBlobStore : IDisposable
{
    /// <summary>How the user named the store, for error messages.</summary>
    string DisplayName { get; }

    bool Exists(string path);

    /// <summary>Size of the named file, or -1 when it does not exist.</summary>
    long GetLength(string path);

    /// <summary>Opens the named file; throws <see cref="Core.InvalidInputException"/> when it is missing.</summary>
    Stream Open(string path);
}
