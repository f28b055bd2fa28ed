using Gantry.Cataloging.Npm;
using Gantry.Cataloging.Tests.Fixtures;
using Gantry.Core;
using Gantry.Images.FileSystem;
using Gantry.Images.Layers;
using Gantry.TestKit.Traits;

namespace Gantry.Cataloging.Tests.Npm;

public sealed class NpmLockCatalogerTests
{
    [Slow(SlowBecause.ExternalTool)]
    [Theory]
    [InlineData("npm-v1", "package-lock.json")]
    [InlineData("npm-v2", "package-lock.json")]
    [InlineData("npm-v3", "package-lock.json")]
    [InlineData("yarn", "yarn.lock")]
    [InlineData("pnpm", "pnpm-lock.yaml")]
    public async Task Should_ListLockedPackagesAndDependencies_When_LockFileWasWrittenByTheRealTool(string folder, string lockFile)
    {
        var cache = await NodeLockFiles.GetAsync();

        var (result, _) = await Catalog.DirectoryAsync(Path.Combine(cache, folder), new NpmLockCataloger());

        Assert.Equal(NodeLockFiles.Expected, result.Packages.Select(p => $"{p.Name}@{p.Version}").Order(StringComparer.Ordinal));
        Assert.All(result.Packages, p => Assert.Equal("/" + lockFile, p.Locations[0].Path));
        var scoped = Assert.Single(result.Packages, p => p.Name == "@sindresorhus/is");
        Assert.Equal("pkg:npm/%40sindresorhus/is@4.6.0", scoped.Purl!.ToString());
        var ms = Assert.Single(result.Packages, p => p.Name == "ms");
        var debug = Assert.Single(result.Packages, p => p.Name == "debug");
        Assert.Equal([new Relationship(ms.Id, debug.Id, Relationship.DependencyOf)], result.Relationships);
        Assert.Empty(result.Diagnostics);
    }

    [Slow(SlowBecause.ExternalTool)]
    [Fact]
    public async Task Should_IgnoreLockFiles_When_SourceIsAnImage()
    {
        var cache = await NodeLockFiles.GetAsync();
        var cataloger = new NpmLockCataloger();
        var folder = await LayerWalker.WalkDirectoryAsync(Path.Combine(cache, "npm-v3"), cataloger.RequestedGlobs, AnalysisLimits.Default, CancellationToken.None);

        var result = await Catalog.RunAsync(folder, [cataloger], projectFolder: false);

        Assert.Equal(CatalogerKind.Declared, cataloger.Kind);
        Assert.Empty(result.Packages);
    }

    [Theory]
    [InlineData("/app/node_modules/lodash/package.json", true)]
    [InlineData("/app/node_modules/@types/node/package.json", true)]
    [InlineData("/app/node_modules/a/node_modules/b/package.json", true)]
    [InlineData("/usr/share/nodejs/semver/package.json", true)]
    [InlineData("/app/node_modules/lodash/fp/package.json", false)]
    [InlineData("/app/node_modules/a/test/fixtures/x/package.json", false)]
    public void Should_TellPackageRootsFromOtherPackageJsonFiles(string path, bool expected) =>
        Assert.Equal(expected, NpmInstalledCataloger.IsPackageRoot(path));
}
