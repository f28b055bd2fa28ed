using System.Text;
using Gantry.TestKit;
using Gantry.TestKit.Tools;

namespace Gantry.Cataloging.Tests.Fixtures;

/// <summary>
/// A root file system made of real artifacts, built once per machine and cached: the Debian packages
/// python3-yaml, libjackson2-core-java, ruby-rack, node-semver and docker-registry unpacked with
/// <c>dpkg-deb -x</c>, a dpkg status and <c>info/*.list</c> files written from their control data and
/// contents, an npm project in <c>/app</c> installed from the npm registry, and this test assembly's
/// own <c>deps.json</c> as a .NET application.
/// </summary>
public sealed class DebianRootFs
{
    public static readonly string[] DebianPackages = ["python3-yaml", "libjackson2-core-java", "ruby-rack", "node-semver", "docker-registry"];

    private static readonly Lazy<Task<string>> Built = new(BuildAsync);

    public static Task<string> GetRootAsync() => Built.Value;

    private static async Task<string> BuildAsync()
    {
        var cache = Path.Combine(Path.GetTempPath(), "gantry-cataloging-fixtures", "debian-rootfs-v1");
        var root = Path.Combine(cache, "root");
        var stamp = Path.Combine(cache, "complete");
        if (File.Exists(stamp))
        {
            return root;
        }

        Directory.CreateDirectory(cache);
        using var _ = await FileLock.AcquireAsync(Path.Combine(Path.GetTempPath(), "gantry-cataloging-debian-rootfs.lock"), TimeSpan.FromMinutes(10));
        if (File.Exists(stamp))
        {
            return root;
        }

        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        var debs = Path.Combine(cache, "debs");
        Directory.CreateDirectory(debs);
        Directory.CreateDirectory(Path.Combine(root, "var/lib/dpkg/info"));
        await Run.InAsync(debs, "apt-get", ["download", .. DebianPackages]);
        var status = new StringBuilder();
        foreach (var deb in Directory.GetFiles(debs, "*.deb").Order(StringComparer.Ordinal))
        {
            await Run.ToolAsync("dpkg-deb", "-x", deb, root);
            var control = (await Run.ToolAsync("dpkg-deb", "-f", deb)).TrimEnd('\n');
            var name = control.Split('\n').First(l => l.StartsWith("Package: ", StringComparison.Ordinal))["Package: ".Length..];
            status.Append(control).Append("\nStatus: install ok installed\n\n");
            var paths = (await Run.ToolAsync("dpkg-deb", "-c", deb)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line[(line.IndexOf(" ./", StringComparison.Ordinal) + 2)..].Split(" -> ")[0].TrimEnd('/'))
                .Select(path => path.Length == 0 ? "/." : path);
            await File.WriteAllLinesAsync(Path.Combine(root, "var/lib/dpkg/info", name + ".list"), paths);
        }

        await File.WriteAllTextAsync(Path.Combine(root, "var/lib/dpkg/status"), status.ToString());

        await ToolInstaller.EnsureAptPackageAsync("npm", "/usr/bin/npm");
        var app = Path.Combine(root, "app");
        Directory.CreateDirectory(app);
        await File.WriteAllTextAsync(Path.Combine(app, "package.json"), """{"name": "example-app", "version": "1.0.0", "private": true}""");
        await Run.InAsync(app, "npm", "install", "--no-audit", "--no-fund", "--save-exact", "lodash@4.17.20", "minimist@1.2.5");

        var dotnet = Path.Combine(root, "app/dotnet");
        Directory.CreateDirectory(dotnet);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Gantry.Cataloging.Tests.deps.json"), Path.Combine(dotnet, "Gantry.Cataloging.Tests.deps.json"));

        await File.WriteAllTextAsync(stamp, DateTime.UtcNow.ToString("O"));
        return root;
    }
}
