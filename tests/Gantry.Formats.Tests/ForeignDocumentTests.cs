using Gantry.Core;
using Gantry.Formats.Readers;
using Gantry.TestKit;
using Gantry.TestKit.Tools;
using Gantry.TestKit.Traits;

namespace Gantry.Formats.Tests;

/// <summary>CycloneDX made by the real <c>@cyclonedx/cdxgen</c> from an npm project's lock file (offline: no install, no license fetch).</summary>
public sealed class ForeignDocumentTests : IDisposable
{
    private const string PackageLock = """
        {
          "name": "demo-app", "version": "1.0.0", "lockfileVersion": 3, "requires": true,
          "packages": {
            "": { "name": "demo-app", "version": "1.0.0", "dependencies": { "semver": "7.6.0", "@types/node": "20.11.0" } },
            "node_modules/semver": { "version": "7.6.0", "resolved": "https://registry.npmjs.org/semver/-/semver-7.6.0.tgz", "dependencies": { "lru-cache": "^6.0.0" } },
            "node_modules/lru-cache": { "version": "6.0.0", "resolved": "https://registry.npmjs.org/lru-cache/-/lru-cache-6.0.0.tgz", "dependencies": { "yallist": "^4.0.0" } },
            "node_modules/yallist": { "version": "4.0.0", "resolved": "https://registry.npmjs.org/yallist/-/yallist-4.0.0.tgz" },
            "node_modules/@types/node": { "version": "20.11.0", "resolved": "https://registry.npmjs.org/@types/node/-/node-20.11.0.tgz", "license": "MIT" }
          }
        }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("gantry-cdxgen-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Slow(SlowBecause.ExternalTool)]
    [Fact]
    public async Task Should_ReadNpmPackagesAndDependencies_When_ReadingCdxgenOutput()
    {
        var tool = await ToolInstaller.EnsureNpmPackageAsync("@cyclonedx/cdxgen@12", "@cyclonedx/cdxgen");
        var project = Directory.CreateDirectory(Path.Combine(_folder, "project")).FullName;
        await File.WriteAllTextAsync(Path.Combine(project, "package.json"),
            """{ "name": "demo-app", "version": "1.0.0", "dependencies": { "semver": "7.6.0", "@types/node": "20.11.0" } }""");
        await File.WriteAllTextAsync(Path.Combine(project, "package-lock.json"), PackageLock);
        var output = Path.Combine(_folder, "bom.json");

        var result = await ProcessRunner.RunAsync(Path.Combine(tool, "node_modules", ".bin", "cdxgen"),
            ["--no-install-deps", "--spec-version", "1.6", "-t", "js", "-o", output, project],
            environment: new Dictionary<string, string> { ["FETCH_LICENSE"] = "false", ["CDXGEN_TELEMETRY"] = "false" },
            timeout: TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0 && File.Exists(output), $"cdxgen failed ({result.ExitCode}): {result.Stderr}");

        var read = SbomDocumentReader.Read(output, "sbom:bom.json");

        Assert.Equal(
            ["@types/node@20.11.0", "lru-cache@6.0.0", "semver@7.6.0", "yallist@4.0.0"],
            read.Packages.Select(p => $"{p.Name}@{p.Version}").Order(StringComparer.Ordinal));
        Assert.All(read.Packages, p => Assert.Equal(PackageType.Npm, p.Type));
        Assert.Equal("pkg:npm/%40types/node@20.11.0", read.Packages.Single(p => p.Name == "@types/node").Purl?.ToString());
        var id = (string name) => read.Packages.Single(p => p.Name == name).Id;
        Assert.Contains(new Relationship(id("lru-cache"), id("semver"), Relationship.DependencyOf), read.Relationships);
        Assert.Contains(new Relationship(id("yallist"), id("lru-cache"), Relationship.DependencyOf), read.Relationships);
    }
}
