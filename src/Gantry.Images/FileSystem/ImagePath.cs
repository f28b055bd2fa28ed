namespace Gantry.Images.FileSystem;

/// <summary>
/// Normalizes paths from archives into absolute paths inside the image root. Paths are data: they
/// are never used to open host files.
/// </summary>
public static class ImagePath
{
    public const string Root = "/";

    /// <summary>
    /// Normalizes an archive entry name ("./usr/bin/", "/etc//x"). Returns null when ".." would climb
    /// above the root, which marks the entry as hostile.
    /// </summary>
    public static string? NormalizeEntry(string name)
    {
        var clean = CleanForm(name);
        if (clean is not null)
        {
            return clean;
        }

        var segments = new List<string>();
        foreach (var segment in name.Replace('\\', '/').Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count == 0)
                {
                    return null;
                }

                segments.RemoveAt(segments.Count - 1);
                continue;
            }

            segments.Add(segment);
        }

        return segments.Count == 0 ? Root : "/" + string.Join('/', segments);
    }

    /// <summary>
    /// The normalized form of a name that needs no more than a leading "./" or "/" and a trailing "/" removed (nearly
    /// every tar entry), in one allocation; null when it has empty, "." or ".." segments or backslashes to deal with.
    /// </summary>
    private static string? CleanForm(string name)
    {
        var span = name.AsSpan();
        while (span.StartsWith("./") || span.StartsWith('/'))
        {
            span = span[(span[0] == '.' ? 2 : 1)..];
        }

        if (span.EndsWith('/'))
        {
            span = span[..^1];
        }

        if (span.IsEmpty || span.EndsWith('/') || span.Contains('\\') || span.Contains("//", StringComparison.Ordinal) || span.Contains("/.", StringComparison.Ordinal) || span.StartsWith('.'))
        {
            return null;
        }

        return string.Concat("/", span);
    }

    /// <summary>
    /// Joins a link target onto the folder that holds the link, clamping ".." at the root the way a
    /// chroot does: a link can never name anything outside the image.
    /// </summary>
    public static string ResolveLinkTarget(string linkPath, string target)
    {
        var baseDir = target.StartsWith('/') ? Root : Parent(linkPath);
        return Clamp(baseDir + "/" + target);
    }

    /// <summary>Normalizes with ".." clamped at the root; a path already in that form (the usual case) is returned as is.</summary>
    public static string Clamp(string path)
    {
        if (IsClamped(path))
        {
            return path;
        }

        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            segments.Add(segment);
        }

        return segments.Count == 0 ? Root : "/" + string.Join('/', segments);
    }

    /// <summary>True for the root and for absolute paths without empty, "." or ".." segments: what <see cref="Clamp"/> returns.</summary>
    private static bool IsClamped(ReadOnlySpan<char> path)
    {
        if (path is Root)
        {
            return true;
        }

        if (!path.StartsWith('/'))
        {
            return false;
        }

        foreach (var range in path[1..].Split('/'))
        {
            if (path[1..][range] is "" or "." or "..")
            {
                return false;
            }
        }

        return true;
    }

    public static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash <= 0 ? Root : path[..slash];
    }

    /// <summary><see cref="Parent(string)"/> without making a string of it.</summary>
    public static ReadOnlySpan<char> Parent(ReadOnlySpan<char> path)
    {
        var slash = path.LastIndexOf('/');
        return slash <= 0 ? Root : path[..slash];
    }

    public static ReadOnlySpan<char> FileName(ReadOnlySpan<char> path) => path[(path.LastIndexOf('/') + 1)..];

    public static string Combine(string directory, string name) => directory == Root ? "/" + name : directory + "/" + name;
}
