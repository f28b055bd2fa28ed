namespace Gantry.Versioning.Osv;

/// <summary>The kind of an OSV <c>ranges[].events[]</c> entry.</summary>
public enum OsvEventKind
{
    Introduced,
    Fixed,
    LastAffected,
    Limit,
}

/// <summary>One OSV range event, e.g. <c>{"fixed": "1.2.3"}</c>.</summary>
public readonly record struct OsvEvent(OsvEventKind Kind, string Version)
{
    public static OsvEvent Introduced(string version) => new(OsvEventKind.Introduced, version);

    public static OsvEvent Fixed(string version) => new(OsvEventKind.Fixed, version);

    public static OsvEvent LastAffected(string version) => new(OsvEventKind.LastAffected, version);

    public static OsvEvent Limit(string version) => new(OsvEventKind.Limit, version);
}
