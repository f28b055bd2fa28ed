namespace Gantry.Cataloging.Secrets;

/// <summary>
/// The files the secret scanner reads, requested in the SBOM's single layer pass. Secrets hide in configuration,
/// environment, key and script files and in the folders where applications and users live; asking for every file
/// would buffer the whole image, so only those are requested (the scanner then skips binary files and files over its
/// size limit).
/// </summary>
internal static class SecretScanGlobs
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

    private static List<string> Build() =>
    [
        .. WholeFolders.Select(folder => folder + "/**"),
        .. AnywhereExtensions.Select(extension => "**/*." + extension),
        .. SoftwareFolderGlobs,
        .. SecretFileNames.Select(name => "**/" + name),
    ];
}
