using System.Text;
using Gantry.Core;
using Gantry.Images.FileSystem;

namespace Gantry.Cataloging.Os;

/// <summary>
/// Detects the distribution from <c>/etc/os-release</c>, then <c>/usr/lib/os-release</c>, then the
/// distro-specific release files.
/// </summary>
public static class DistroDetector
{
    public static readonly IReadOnlyList<string> RequestedGlobs =
        ["/etc/os-release", "/usr/lib/os-release", "/etc/alpine-release", "/etc/debian_version", "/etc/redhat-release", "/etc/system-release"];

    public static Distro? Detect(IFileResolver files)
    {
        foreach (var path in (string[])["/etc/os-release", "/usr/lib/os-release"])
        {
            if (files.TryReadFile(path, out var content) && ParseOsRelease(Encoding.UTF8.GetString(content.Span), path) is { } distro)
            {
                return distro;
            }
        }

        if (ReadFirstLine(files, "/etc/alpine-release") is { } alpine)
        {
            return new Distro { Id = "alpine", VersionId = alpine, PrettyName = $"Alpine Linux v{alpine}", Source = "/etc/alpine-release" };
        }

        if (ReadFirstLine(files, "/etc/debian_version") is { } debian)
        {
            var major = debian.Split('.')[0];
            return new Distro { Id = "debian", VersionId = major.All(char.IsAsciiDigit) ? major : string.Empty, PrettyName = $"Debian {debian}", Source = "/etc/debian_version" };
        }

        foreach (var path in (string[])["/etc/redhat-release", "/etc/system-release"])
        {
            if (ReadFirstLine(files, path) is { } redhat)
            {
                return ParseRedHatRelease(redhat, path);
            }
        }

        return null;
    }

    /// <summary>Parses KEY=value lines (values optionally quoted, with backslash escapes).</summary>
    public static Distro? ParseOsRelease(string text, string source)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Trim();
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (line.StartsWith('#') || eq <= 0)
            {
                continue;
            }

            fields[line[..eq]] = Unquote(line[(eq + 1)..]);
        }

        if (!fields.TryGetValue("ID", out var id) || id.Length == 0)
        {
            return null;
        }

        return new Distro
        {
            Id = id.ToLowerInvariant(),
            VersionId = fields.GetValueOrDefault("VERSION_ID") ?? string.Empty,
            VersionCodename = fields.GetValueOrDefault("VERSION_CODENAME"),
            PrettyName = fields.GetValueOrDefault("PRETTY_NAME"),
            IdLike = (fields.GetValueOrDefault("ID_LIKE") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries),
            Source = source,
        };
    }

    private static Distro ParseRedHatRelease(string line, string source)
    {
        var lower = line.ToLowerInvariant();
        var id = lower.StartsWith("centos", StringComparison.Ordinal) ? "centos"
            : lower.StartsWith("fedora", StringComparison.Ordinal) ? "fedora"
            : lower.StartsWith("amazon", StringComparison.Ordinal) ? "amzn"
            : lower.StartsWith("rocky", StringComparison.Ordinal) ? "rocky"
            : lower.StartsWith("alma", StringComparison.Ordinal) ? "almalinux"
            : "rhel";
        var version = line.Split(' ').FirstOrDefault(w => w.Length > 0 && char.IsAsciiDigit(w[0])) ?? string.Empty;
        return new Distro { Id = id, VersionId = version, PrettyName = line, Source = source };
    }

    private static string? ReadFirstLine(IFileResolver files, string path) =>
        files.TryReadFile(path, out var content) && Encoding.UTF8.GetString(content.Span).Split('\n')[0].Trim() is { Length: > 0 } line ? line : null;

    private static string Unquote(string value)
    {
        value = value.Trim();
        if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
        {
            value = value[1..^1];
        }

        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
            }

            sb.Append(value[i]);
        }

        return sb.ToString();
    }
}
