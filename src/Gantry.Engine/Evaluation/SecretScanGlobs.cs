using Gantry.Policy.Bundles;

namespace Gantry.Engine.Evaluation;

/// <summary>
/// The files policy evaluation needs the contents of, requested in the SBOM's single layer pass. Secrets hide in
/// configuration, environment, key and script files and in the folders where applications and users live; asking
/// for every file would buffer the whole image, so only those are requested (the secret scanner then skips binary
/// files and files over its size limit). Paths the bundle names (<c>retrieved_files</c>, <c>files.attribute_match</c>)
/// are requested exactly.
/// </summary>
public static class SecretScanGlobs
{
    /// <summary>Folders that hold applications, users' files, configuration and mounted secrets: every file under them.</summary>
    private static readonly string[] WholeFolders = ["/app", "/home", "/root", "/srv", "/etc", "/workspace", "/var/www", "/run/secrets"];

    /// <summary>Configuration and key files, wherever they are (they are small, and few outside the folders above).</summary>
    private static readonly string[] AnywhereExtensions = ["env", "pem", "key", "properties", "yaml", "yml", "toml", "ini", "conf", "cfg", "tfvars"];

    /// <summary>
    /// Folders that also hold large binaries and libraries (<c>/opt</c>, <c>/usr/local</c>): only their scripts and
    /// JSON/XML settings on top of the above. Every glob becomes part of one combined automaton, so the list stays short.
    /// </summary>
    private static readonly string[] SoftwareFolderGlobs = ["/opt/**/*.json", "/opt/**/*.xml", "/opt/**/*.sh", "/usr/local/**/*.json", "/usr/local/**/*.xml", "/usr/local/**/*.sh"];

    /// <summary>Credential files by name, wherever they are.</summary>
    private static readonly string[] SecretFileNames =
    [
        ".env", ".npmrc", ".pypirc", ".netrc", ".git-credentials", ".dockercfg", ".htpasswd", "id_rsa", "id_dsa",
        "id_ecdsa", "id_ed25519", "credentials", "secrets.yaml", "secrets.yml", "secrets.json",
    ];

    public static IReadOnlyList<string> Candidates { get; } = Build();

    /// <summary>The candidates plus the exact paths the bundle's rules read.</summary>
    public static IReadOnlyList<string> For(PolicyBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        return Candidates.Concat(PathsNamedBy(bundle)).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Absolute paths named by <c>retrieved_files.path</c> and <c>files.attribute_match.filename</c>.</summary>
    public static IEnumerable<string> PathsNamedBy(PolicyBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        foreach (var rule in bundle.Policies.SelectMany(p => p.Rules))
        {
            var name = (rule.Gate.ToLowerInvariant(), rule.Trigger.ToLowerInvariant()) switch
            {
                ("retrieved_files", _) => "path",
                ("files", "attribute_match") => "filename",
                _ => null,
            };
            if (name is not null && rule.Params.TryGetValue(name, out var path) && path.StartsWith('/'))
            {
                yield return path;
            }
        }
    }

    private static List<string> Build() =>
    [
        .. WholeFolders.Select(folder => folder + "/**"),
        .. AnywhereExtensions.Select(extension => "**/*." + extension),
        .. SoftwareFolderGlobs,
        .. SecretFileNames.Select(name => "**/" + name),
    ];
}
