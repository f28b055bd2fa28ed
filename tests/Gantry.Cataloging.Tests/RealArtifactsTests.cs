using Gantry.Cataloging.Relationships;
using Gantry.Cataloging.Tests.Fixtures;
using Gantry.Core;
using Gantry.TestKit.Images;
using Gantry.TestKit.Traits;

namespace Gantry.Cataloging.Tests;

/// <summary>
/// Every cataloger of the default list over the root file system of a real Debian image made with debootstrap,
/// <c>apt-get install</c> in a chroot and a real npm install (see <see cref="RealAppImage"/>), walked by the real
/// layer walker. The image-level checks (versions, purls, deb owners of the language packages Debian installed) are
/// Gantry.Engine.Tests' RealAppImageTests.
/// </summary>
[Slow(SlowBecause.RealImage)]
public sealed class RealArtifactsTests
{
    private static readonly Lazy<Task<(CatalogResult Result, IReadOnlyList<Relationship> Ownership, string Root)>> Scanned = new(ScanAsync);

    private static async Task<(CatalogResult, IReadOnlyList<Relationship>, string)> ScanAsync()
    {
        var root = (await RealAppImage.GetAsync()).RootFs;
        var (result, _) = await Catalog.DirectoryAsync(root, [.. CatalogerRegistry.CreateDefault()]);
        return (result, OwnershipByFileOverlap.Find(result.Packages), root);
    }

    [Fact]
    public async Task Should_ReportGoToolchainAndCommand_When_DebianBuiltBinaryInGopathMode()
    {
        var (result, ownership, root) = await Scanned.Value;
        var fromBinary = result.Packages.Where(p => p.Type == PackageType.GoModule && p.Locations[0].Path == "/usr/bin/docker-registry").ToList();
        // Debian records the toolchain it built with ("golang-1.19 (= 1.19.8-2)"); the build info must agree.
        var builtUsing = await Run.ToolAsync("dpkg-query", "--admindir", Path.Combine(root, "var/lib/dpkg"), "-W", "-f", "${Built-Using}", "docker-registry");
        var toolchain = System.Text.RegularExpressions.Regex.Match(builtUsing, @"golang-1\.[0-9]+ \(= (?<v>[0-9.]+)-").Groups["v"].Value;

        var stdlib = Assert.Single(fromBinary, p => p.Name == "stdlib");
        var command = Assert.Single(fromBinary, p => p.Name == "github.com/docker/distribution/cmd/registry");

        Assert.Equal(2, fromBinary.Count); // Debian builds in GOPATH mode: no module list, only the command's path
        Assert.Equal("go" + toolchain, stdlib.Version);
        Assert.Equal($"pkg:golang/stdlib@{toolchain}", stdlib.Purl!.ToString());
        Assert.Equal("amd64", command.GetMetadata("build.GOARCH"));
        Assert.Contains(new Relationship(stdlib.Id, command.Id, Relationship.DependencyOf), result.Relationships);
        var owner = Assert.Single(result.Packages, p => p.Type == PackageType.Deb && p.Name == "docker-registry");
        Assert.Contains(new Relationship(owner.Id, command.Id, Relationship.OwnershipByFileOverlap), ownership);
    }

    [Theory]
    [InlineData("lodash", "4.17.20")]
    [InlineData("minimist", "1.2.5")]
    public async Task Should_FindInstalledAndLockedNpmPackages_When_AppWasInstalledByNpm(string name, string version)
    {
        var (result, ownership, _) = await Scanned.Value;

        var inApp = result.Packages.Where(p => p.Name == name && p.Locations[0].Path.StartsWith("/app/", StringComparison.Ordinal)).ToList();
        var installed = Assert.Single(inApp, p => p.FoundBy == "javascript-package-cataloger");
        var locked = Assert.Single(inApp, p => p.FoundBy == "javascript-lock-cataloger");

        Assert.Equal(version, installed.Version);
        Assert.Equal($"/app/node_modules/{name}/package.json", installed.Locations[0].Path);
        Assert.Equal($"pkg:npm/{name}@{version}", locked.Purl!.ToString());
        Assert.Equal("/app/package-lock.json", locked.Locations[0].Path);
        Assert.DoesNotContain(ownership, r => r.To == installed.Id);
    }

    [Fact]
    public async Task Should_GivePurlAndCpeToEveryPackage_When_CatalogingEverything()
    {
        var (result, _, _) = await Scanned.Value;

        Assert.True(result.Packages.Count > 30, $"only {result.Packages.Count} packages");
        Assert.All(result.Packages, p =>
        {
            Assert.NotNull(p.Purl);
            Assert.True(Purl.TryParse(p.Purl!.ToString(), out _), p.Purl.ToString());
            Assert.NotEmpty(p.Cpes);
            Assert.All(p.Cpes, c => Assert.Matches(@"^cpe:2\.3:a:[^:]+:[^:]+:[^:]+(:\*){7}$", c));
        });
        Assert.Empty(result.Diagnostics);
    }
}
