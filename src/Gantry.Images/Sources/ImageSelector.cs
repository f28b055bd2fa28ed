using Gantry.Images.Oci;

namespace Gantry.Images.Sources;

/// <summary>Which image to take from a source that holds several: by name:tag or digest, and by platform.</summary>
public sealed record ImageSelector(string? Name = null, OciPlatform? Platform = null)
{
    public static readonly ImageSelector Default = new();

    /// <summary>The platform used when an index offers several and none was asked for.</summary>
    public static readonly OciPlatform DefaultPlatform = new() { Os = "linux", Architecture = "amd64" };

    public static OciPlatform ParsePlatform(string value)
    {
        var parts = value.Split('/');
        if (parts.Length is < 2 or > 3 || parts.Any(p => p.Length == 0))
        {
            throw new Core.InvalidInputException($"--platform {value}: expected os/arch[/variant], e.g. linux/amd64 or linux/arm64/v8");
        }

        return new OciPlatform { Os = parts[0], Architecture = parts[1], Variant = parts.Length == 3 ? parts[2] : null };
    }

    public static bool PlatformMatches(OciPlatform wanted, OciPlatform? offered) =>
        offered is not null
        && string.Equals(wanted.Os, offered.Os, StringComparison.Ordinal)
        && string.Equals(wanted.Architecture, offered.Architecture, StringComparison.Ordinal)
        && (wanted.Variant is null || string.Equals(wanted.Variant, offered.Variant, StringComparison.Ordinal));

    /// <summary>True when <paramref name="candidate"/> (a tag such as <c>debian:12</c>, a digest, or a repo tag) is what the user named.</summary>
    public bool NameMatches(string candidate)
    {
        if (Name is null)
        {
            return true;
        }

        return Normalize(candidate) == Normalize(Name);
    }

    private static string Normalize(string reference)
    {
        var r = reference;
        foreach (var prefix in (string[])["docker.io/library/", "docker.io/", "index.docker.io/library/", "localhost/"])
        {
            if (r.StartsWith(prefix, StringComparison.Ordinal))
            {
                r = r[prefix.Length..];
                break;
            }
        }

        return r;
    }
}
