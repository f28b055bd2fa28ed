namespace Gantry.TestKit.Tools;

/// <summary>
/// Makes sure a real tool that a test compares against is present, installing it on a clean machine: Debian packages
/// through apt-get, npm packages into a shared cache folder. Installs are serialized across test processes.
/// </summary>
public static class ToolInstaller
{
    private static readonly string LockPath = Path.Combine(Path.GetTempPath(), "gantry-tool-installer.lock");

    /// <summary>Installs the apt <paramref name="package"/> unless <paramref name="probePath"/> (a file it ships) exists.</summary>
    public static async Task EnsureAptPackageAsync(string package, string probePath)
    {
        if (File.Exists(probePath))
        {
            return;
        }

        using var _ = await FileLock.AcquireAsync(LockPath, TimeSpan.FromMinutes(10));
        if (File.Exists(probePath))
        {
            return;
        }

        var result = await ProcessRunner.RunAsync(
            "apt-get",
            ["install", "-y", "--no-install-recommends", package],
            environment: new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" },
            timeout: TimeSpan.FromMinutes(10));
        if (result.ExitCode != 0 || !File.Exists(probePath))
        {
            throw new InvalidOperationException($"apt-get install {package} failed ({result.ExitCode}) or did not provide {probePath}: {result.Stderr}");
        }
    }

    /// <summary>
    /// Installs the npm <paramref name="package"/> (e.g. "semver@7") into a cache folder shared by test runs and
    /// returns that folder; scripts run there resolve <c>require(name)</c> from its node_modules.
    /// </summary>
    public static async Task<string> EnsureNpmPackageAsync(string package, string name)
    {
        await EnsureAptPackageAsync("npm", "/usr/bin/npm");
        var folder = Path.Combine(Path.GetTempPath(), "gantry-npm-tools", package.Replace('/', '_').Replace('@', '_'));
        var installed = Path.Combine(folder, "node_modules", name, "package.json");
        if (File.Exists(installed))
        {
            return folder;
        }

        using var _ = await FileLock.AcquireAsync(LockPath, TimeSpan.FromMinutes(10));
        if (!File.Exists(installed))
        {
            Directory.CreateDirectory(folder);
            var result = await ProcessRunner.RunAsync("npm", ["install", "--no-audit", "--no-fund", "--prefix", folder, package], timeout: TimeSpan.FromMinutes(5));
            if (result.ExitCode != 0 || !File.Exists(installed))
            {
                throw new InvalidOperationException($"npm install {package} failed ({result.ExitCode}): {result.Stderr}");
            }
        }

        return folder;
    }
}
