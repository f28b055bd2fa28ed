namespace Gantry.Core;

/// <summary>
/// Red Hat module streams: a package built in a stream (<c>nodejs:18</c>) is fixed by that stream's builds only, so its
/// advisories are kept and looked up under the stream-qualified name <c>nodejs:18/nodejs</c>, the way Red Hat names
/// such components. Both sides derive the name here: the importer from the advisory's purl qualifier <c>rpmmod</c>,
/// the matcher from the rpm header's <c>modularitylabel</c>.
/// </summary>
public static class RpmModules
{
    /// <summary><c>NAME:STREAM</c> of a modularity label or rpmmod qualifier (<c>nodejs:18:8090020231019152822:a75119d5</c>), or null.</summary>
    public static string? Stream(string? label)
    {
        var parts = label?.Split(':') ?? [];
        return parts.Length >= 2 && parts[0].Length > 0 && parts[1].Length > 0 ? $"{parts[0]}:{parts[1]}" : null;
    }

    /// <summary>The name a package of <paramref name="stream"/> is filed under: <c>nodejs:18/nodejs</c>.</summary>
    public static string Qualified(string stream, string name) => $"{stream}/{name}";
}
