using Gantry.Core;
using Gantry.TestKit;
using Gantry.TestKit.Images;
using Gantry.TestKit.Traits;

namespace Gantry.Engine.Tests;

/// <summary>
/// A real application image (<see cref="RealAppImage"/>: debootstrap, then <c>apt-get install</c> in a chroot, an npm
/// project from the npm registry, a purge), read from its oci-archive: every package Debian installed is found with
/// dpkg's version, its purl and the apt-get layer; the language packages Debian shipped are linked to their deb owners.
/// </summary>
[Slow(SlowBecause.RealImage)]
public sealed class RealAppImageTests
{
    private static readonly Lazy<Task<(RealAppImage Image, Sbom Squashed, Sbom AllLayers)>> Scanned = new(ScanAsync);

    private static async Task<(RealAppImage, Sbom, Sbom)> ScanAsync()
    {
        var image = await RealAppImage.GetAsync();
        var generator = new SbomGenerator();
        var squashed = await generator.GenerateAsync("oci-archive:" + image.OciArchive, SbomOptions.Default, null, CancellationToken.None);
        var allLayers = await generator.GenerateAsync("oci-archive:" + image.OciArchive, new SbomOptions { Scope = SbomScope.AllLayers }, null, CancellationToken.None);
        return (image, squashed, allLayers);
    }

    [Fact]
    public async Task Should_ListExactlyWhatDpkgQueryLists_When_PackagesWereInstalledByApt()
    {
        var (image, sbom, _) = await Scanned.Value;
        var expected = await RealImageSbomTests.DpkgQueryAsync(image.RootFs);

        var debs = sbom.Packages.Where(p => p.Type == PackageType.Deb).Select(p => $"{p.Name}\t{p.Version}").Order(StringComparer.Ordinal).ToList();

        Assert.Equal(expected, debs);
        Assert.DoesNotContain(sbom.Diagnostics, d => d.Code is DiagnosticCodes.MalformedPackageEntry or DiagnosticCodes.CatalogerFailed);
    }

    [Fact]
    public async Task Should_GiveRequestedPackagesTheirVersionPurlAndAptLayer()
    {
        var (_, sbom, _) = await Scanned.Value;
        var aptLayer = sbom.Source.Layers[1];
        Assert.StartsWith("RUN apt-get install", aptLayer.CreatedBy, StringComparison.Ordinal);

        foreach (var name in RealAppImage.InstalledPackages)
        {
            var deb = Assert.Single(sbom.Packages, p => p.Type == PackageType.Deb && p.Name == name);
            Assert.Equal(aptLayer.DiffId, deb.LayerDiffId);
            Assert.StartsWith($"pkg:deb/debian/{name}@{deb.Version}?arch=", deb.Purl!.ToString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("python3-yaml", PackageType.Python, "PyYAML", "pkg:pypi/pyyaml@{0}")]
    [InlineData("libjackson2-core-java", PackageType.JavaArchive, "jackson-core", "pkg:maven/com.fasterxml.jackson.core/jackson-core@{0}")]
    [InlineData("ruby-rack", PackageType.Gem, "rack", "pkg:gem/rack@{0}")]
    [InlineData("node-semver", PackageType.Npm, "semver", "pkg:npm/semver@{0}")]
    public async Task Should_LinkDebianShippedLanguagePackageToItsDebOwner(string deb, PackageType type, string name, string purlFormat)
    {
        var (_, sbom, _) = await Scanned.Value;
        var owner = Assert.Single(sbom.Packages, p => p.Type == PackageType.Deb && p.Name == deb);
        var upstream = owner.Version.Split('-', '+', '~')[0];

        var package = Assert.Single(sbom.Packages, p => p.Type == type && p.Name == name
            && sbom.Relationships.Contains(new Relationship(owner.Id, p.Id, Relationship.OwnershipByFileOverlap)));

        Assert.Equal(upstream, package.Version);
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, purlFormat, upstream), package.Purl!.ToString());
        Assert.Equal(owner.LayerDiffId, package.LayerDiffId);
    }

    [Fact]
    public async Task Should_ListTheGoBinarysBuildInfo_When_DebianBuiltItInGopathMode()
    {
        var (_, sbom, _) = await Scanned.Value;
        var owner = Assert.Single(sbom.Packages, p => p.Type == PackageType.Deb && p.Name == "docker-registry");

        var fromBinary = sbom.Packages.Where(p => p.Type == PackageType.GoModule && p.Locations[0].Path == "/usr/bin/docker-registry").ToList();

        // Debian builds Go programs in GOPATH mode: the build info holds the toolchain and the command's path, and no
        // module list (`go version -m` shows the same); Trivy reports nothing for this binary.
        Assert.Equal(["github.com/docker/distribution/cmd/registry", "stdlib"], fromBinary.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.StartsWith("pkg:golang/stdlib@1.", fromBinary.Single(p => p.Name == "stdlib").Purl!.ToString(), StringComparison.Ordinal);
        Assert.All(fromBinary, p => Assert.Contains(new Relationship(owner.Id, p.Id, Relationship.OwnershipByFileOverlap), sbom.Relationships));
    }

    [Fact]
    public async Task Should_FindTheNpmProjectInItsOwnLayer()
    {
        var (_, sbom, _) = await Scanned.Value;
        var appLayer = sbom.Source.Layers[2];

        var app = sbom.Packages.Where(p => p.Locations[0].Path.StartsWith("/app/", StringComparison.Ordinal)).Select(p => $"{p.Name} {p.Version}").Order(StringComparer.Ordinal);

        Assert.Equal(["example-app 1.0.0", "lodash 4.17.20", "minimist 1.2.5"], app);
        Assert.All(sbom.Packages.Where(p => p.Locations[0].Path.StartsWith("/app/", StringComparison.Ordinal)), p => Assert.Equal(appLayer.DiffId, p.LayerDiffId));
    }

    [Fact]
    public async Task Should_ReportPurgedPackagesAsRemoved_When_ScopeIsAllLayers()
    {
        var (_, squashed, allLayers) = await Scanned.Value;
        var installedBy = squashed.Source.Layers[1].DiffId;
        var purgedBy = squashed.Source.Layers[3].DiffId;

        var removed = allLayers.Packages.Where(p => p.IsRemoved).ToList();

        Assert.Equal(["python3-six deb", "six python"], removed.Select(p => $"{p.Name} {p.Type.ToWireName()}").Order(StringComparer.Ordinal));
        Assert.All(removed, p => Assert.Equal((installedBy, purgedBy), (p.LayerDiffId, p.RemovedByLayerDiffId)));
        Assert.Equal(squashed.Packages.Select(p => p.Id), allLayers.Packages.Where(p => !p.IsRemoved).Select(p => p.Id));
        Assert.DoesNotContain(squashed.Packages, p => p.Name is "python3-six" or "six");
    }
}
