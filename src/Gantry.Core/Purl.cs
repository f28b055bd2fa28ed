using System.Text;

namespace Gantry.Core;

/// <summary>
/// A package URL (https://github.com/package-url/purl-spec): <c>pkg:type/namespace/name@version?qualifiers#subpath</c>.
/// Qualifiers are kept sorted by key so that the canonical string is stable.
/// </summary>
public sealed record Purl
{
    public Purl(string type, string? @namespace, string name, string? version,
        IReadOnlyDictionary<string, string>? qualifiers = null, string? subpath = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentException.ThrowIfNullOrEmpty(name);
        Type = type.ToLowerInvariant();
        Namespace = string.IsNullOrEmpty(@namespace) ? null : @namespace;
        Name = name;
        Version = string.IsNullOrEmpty(version) ? null : version;
        Qualifiers = new SortedDictionary<string, string>(
            (qualifiers ?? new Dictionary<string, string>())
                .Where(q => !string.IsNullOrEmpty(q.Value))
                .ToDictionary(q => q.Key.ToLowerInvariant(), q => q.Value),
            StringComparer.Ordinal);
        Subpath = string.IsNullOrEmpty(subpath) ? null : subpath;
    }

    public string Type { get; }

    /// <summary>The purl of a package of <paramref name="type"/>, with the purl type its row in <see cref="Ecosystems"/> names.</summary>
    public static Purl For(PackageType type, string? @namespace, string name, string? version, IReadOnlyDictionary<string, string>? qualifiers = null) =>
        new(Ecosystems.Of(type).PurlType ?? throw new ArgumentException($"package type {type} has no purl type", nameof(type)), @namespace, name, version, qualifiers);

    public string? Namespace { get; }

    public string Name { get; }

    public string? Version { get; }

    public IReadOnlyDictionary<string, string> Qualifiers { get; }

    public string? Subpath { get; }

    public override string ToString()
    {
        var sb = new StringBuilder("pkg:").Append(Type).Append('/');
        if (Namespace is not null)
        {
            foreach (var segment in Namespace.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                sb.Append(Encode(segment)).Append('/');
            }
        }

        sb.Append(Encode(Name));
        if (Version is not null)
        {
            sb.Append('@').Append(Encode(Version));
        }

        if (Qualifiers.Count > 0)
        {
            sb.Append('?').AppendJoin('&', Qualifiers.Select(q => $"{q.Key}={Encode(q.Value)}"));
        }

        if (Subpath is not null)
        {
            sb.Append('#').AppendJoin('/', Subpath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Encode));
        }

        return sb.ToString();
    }

    public static Purl Parse(string value) =>
        TryParse(value, out var purl) ? purl : throw new FormatException($"'{value}' is not a valid package URL");

    public static bool TryParse(string? value, out Purl purl)
    {
        purl = null!;
        if (value is null || !value.StartsWith("pkg:", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = value[4..].TrimStart('/');
        string? subpath = null;
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            subpath = Uri.UnescapeDataString(rest[(hash + 1)..].Trim('/'));
            rest = rest[..hash];
        }

        var qualifiers = new Dictionary<string, string>();
        var question = rest.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            foreach (var pair in rest[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    return false;
                }

                qualifiers[pair[..eq]] = Uri.UnescapeDataString(pair[(eq + 1)..]);
            }

            rest = rest[..question];
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return false;
        }

        var type = rest[..slash];
        rest = rest[(slash + 1)..].Trim('/');
        string? version = null;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            version = Uri.UnescapeDataString(rest[(at + 1)..]);
            rest = rest[..at];
        }

        var lastSlash = rest.LastIndexOf('/');
        var name = Uri.UnescapeDataString(lastSlash >= 0 ? rest[(lastSlash + 1)..] : rest);
        var ns = lastSlash >= 0 ? string.Join('/', rest[..lastSlash].Split('/').Select(Uri.UnescapeDataString)) : null;
        if (name.Length == 0)
        {
            return false;
        }

        purl = new Purl(type, ns, name, version, qualifiers, subpath);
        return true;
    }

    /// <summary>Percent-encodes everything except the purl spec's unreserved set.</summary>
    private static string Encode(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '~' or '+')
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }
}
