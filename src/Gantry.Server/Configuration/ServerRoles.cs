using Gantry.Core;

namespace Gantry.Server.Configuration;

/// <summary>
/// What one <c>gantry serve</c> process does (<c>--role</c>): with a shared PostgreSQL state store, API processes,
/// analysis workers and watchers run and scale apart, as Anchore Engine's services did; <see cref="All"/> is the
/// single-process service.
/// </summary>
[Flags]
public enum ServerRoles
{
    None = 0,

    /// <summary>The Anchore API under <c>/v1</c>; stateless, so any number can run behind one address.</summary>
    Api = 1,

    /// <summary>Claims analysis jobs from the shared queue and runs them.</summary>
    Worker = 2,

    /// <summary>The tag and repository watchers, re-checks, notification delivery and image purge, run by one elected leader.</summary>
    Watcher = 4,

    All = Api | Worker | Watcher,
}

/// <summary>The <c>role</c> setting's text: <c>api</c>, <c>worker</c>, <c>watcher</c>, <c>all</c>, or several joined by commas.</summary>
public static class ServerRoleNames
{
    private static readonly Dictionary<string, ServerRoles> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["api"] = ServerRoles.Api,
        ["worker"] = ServerRoles.Worker,
        ["watcher"] = ServerRoles.Watcher,
        ["all"] = ServerRoles.All,
    };

    public static ServerRoles Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var roles = ServerRoles.None;
        foreach (var name in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            roles |= Names.TryGetValue(name, out var role)
                ? role
                : throw new InvalidInputException($"role: '{name}' is not a role (api, worker, watcher or all)");
        }

        return roles != ServerRoles.None ? roles : throw new InvalidInputException("role: empty (api, worker, watcher or all)");
    }

    /// <summary><c>all</c>, or the roles in a fixed order (<c>api, worker</c>).</summary>
    public static string Describe(ServerRoles roles) =>
        roles == ServerRoles.All
            ? "all"
            : string.Join(", ", Names.Where(n => n.Value != ServerRoles.All && roles.HasFlag(n.Value)).Select(n => n.Key));
}
