using System.Text;
using Gantry.Images.FileSystem;

namespace Gantry.Cataloging.Dpkg;

/// <summary>
/// The paths each package owns, from its <c>NAME.list</c> / <c>NAME:ARCH.list</c> (one absolute path a line) and
/// <c>NAME.md5sums</c> (<c>"&lt;32 hex md5&gt;  path/relative/to/root"</c>) files: sorted and without duplicates.
/// </summary>
/// <remarks>
/// An image's lists name tens of thousands of paths, and each regular file is named in both files of its package: each
/// line is decoded into a buffer reused from line to line and package to package, and a path becomes a string only the
/// first time the package names it.
/// </remarks>
internal sealed class DpkgOwnedFiles(IFileResolver files)
{
    private readonly HashSet<string> _paths = new(StringComparer.Ordinal);
    private char[] _line = [];
    private char[] _absolute = [];

    public List<string> Of(string directory, DpkgEntry entry)
    {
        _paths.Clear();
        var stems = entry.Architecture is { Length: > 0 } arch ? new[] { entry.Package, $"{entry.Package}:{arch}" } : [entry.Package];
        foreach (var stem in stems)
        {
            if (files.TryReadFile($"{directory}/{stem}.list", out var list))
            {
                AddList(list.Span);
            }

            if (files.TryReadFile($"{directory}/{stem}.md5sums", out var sums))
            {
                AddMd5Sums(sums.Span);
            }
        }

        var sorted = new List<string>(_paths);
        sorted.Sort(StringComparer.Ordinal);
        return sorted;
    }

    private void AddList(ReadOnlySpan<byte> content)
    {
        var paths = _paths.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var range in content.Split((byte)'\n'))
        {
            var path = Decode(content[range]).Trim();
            if (path.Length > 1 && !path.SequenceEqual("/."))
            {
                paths.Add(path);
            }
        }
    }

    private void AddMd5Sums(ReadOnlySpan<byte> content)
    {
        var paths = _paths.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var range in content.Split((byte)'\n'))
        {
            var line = Decode(content[range]);
            var space = line.IndexOf(' ');
            if (space > 0 && line.Length > space + 2)
            {
                paths.Add(Absolute(line[(space + 1)..].Trim().TrimStart('/')));
            }
        }
    }

    /// <summary><paramref name="relative"/> with a leading <c>/</c>, in a reused buffer.</summary>
    private ReadOnlySpan<char> Absolute(ReadOnlySpan<char> relative)
    {
        if (_absolute.Length <= relative.Length)
        {
            _absolute = new char[Math.Max(relative.Length + 1, _absolute.Length * 2)];
        }

        _absolute[0] = '/';
        relative.CopyTo(_absolute.AsSpan(1));
        return _absolute.AsSpan(0, relative.Length + 1);
    }

    /// <summary>The text of one line, in a reused buffer (UTF-8 never decodes to more chars than it has bytes).</summary>
    private ReadOnlySpan<char> Decode(ReadOnlySpan<byte> utf8)
    {
        if (_line.Length < utf8.Length)
        {
            _line = new char[Math.Max(utf8.Length, _line.Length * 2)];
        }

        return _line.AsSpan(0, Encoding.UTF8.GetChars(utf8, _line));
    }
}
