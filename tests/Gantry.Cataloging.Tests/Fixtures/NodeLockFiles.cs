using Gantry.TestKit;
using Gantry.TestKit.Tools;

namespace Gantry.Cataloging.Tests.Fixtures;

/// <summary>
/// One small project locked by the real tools, each in its own folder, cached per machine:
/// npm with lockfile versions 1, 2 and 3, yarn classic, and pnpm 9 (the last two from the npm registry).
/// </summary>
public static class NodeLockFiles
{
    /// <summary>What every lock file must list: name@version, including one scoped package and one transitive dependency (ms, from debug).</summary>
    public static readonly string[] Expected = ["@sindresorhus/is@4.6.0", "debug@4.3.4", "minimist@1.2.5", "ms@2.1.2"];

    private const string Manifest = """{"name": "locked", "version": "1.0.0", "dependencies": {"debug": "4.3.4", "minimist": "1.2.5", "@sindresorhus/is": "4.6.0"}}""";

    private static readonly Lazy<Task<string>> Built = new(BuildAsync);

    /// <summary>The cache folder with <c>npm-v1</c>, <c>npm-v2</c>, <c>npm-v3</c>, <c>yarn</c> and <c>pnpm</c> project folders.</summary>
    public static Task<string> GetAsync() => Built.Value;

    private static async Task<string> BuildAsync()
    {
        var cache = Path.Combine(Path.GetTempPath(), "gantry-cataloging-fixtures", "node-lockfiles-v1");
        var stamp = Path.Combine(cache, "complete");
        if (File.Exists(stamp))
        {
            return cache;
        }

        var yarn = await ToolInstaller.EnsureNpmPackageAsync("yarn@1", "yarn");
        var pnpm = await ToolInstaller.EnsureNpmPackageAsync("pnpm@9", "pnpm");
        using var _ = await FileLock.AcquireAsync(Path.Combine(Path.GetTempPath(), "gantry-cataloging-node-locks.lock"), TimeSpan.FromMinutes(10));
        if (File.Exists(stamp))
        {
            return cache;
        }

        foreach (var version in new[] { 1, 2, 3 })
        {
            var project = await ProjectAsync(cache, $"npm-v{version}");
            await Run.InAsync(project, "npm", "install", "--package-lock-only", "--no-audit", "--no-fund", $"--lockfile-version={version}");
        }

        await Run.InAsync(await ProjectAsync(cache, "yarn"), "node", Path.Combine(yarn, "node_modules/yarn/bin/yarn.js"), "install", "--ignore-scripts", "--non-interactive");
        await Run.InAsync(await ProjectAsync(cache, "pnpm"), "node", Path.Combine(pnpm, "node_modules/pnpm/bin/pnpm.cjs"), "install", "--lockfile-only");
        await File.WriteAllTextAsync(stamp, DateTime.UtcNow.ToString("O"));
        return cache;
    }

    private static async Task<string> ProjectAsync(string cache, string name)
    {
        var folder = Path.Combine(cache, name);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "package.json"), Manifest);
        return folder;
    }
}
