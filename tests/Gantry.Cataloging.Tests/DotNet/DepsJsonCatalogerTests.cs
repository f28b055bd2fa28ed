using Gantry.Core;

using Gantry.Cataloging.Tests.Fixtures;

namespace Gantry.Cataloging.Tests.DotNet;

/// <summary>The .NET cataloger on a real <c>deps.json</c>: the one the SDK wrote for this test assembly.</summary>
public sealed class DepsJsonCatalogerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gantry-dotnet-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Should_ReadNuGetPackagesAndDependencies_When_AppHasDepsJson()
    {
        var app = Directory.CreateDirectory(Path.Combine(_root, "app")).FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Gantry.Cataloging.Tests.deps.json"), Path.Combine(app, "Gantry.Cataloging.Tests.deps.json"));

        var (result, _) = await Catalog.DirectoryAsync(_root, [.. CatalogerRegistry.CreateDefault()]);
        var nuget = result.Packages.Where(p => p.Type == PackageType.DotNet).ToList();

        var xunit = Assert.Single(nuget, p => p.Name == "xunit");
        var core = Assert.Single(nuget, p => p.Name == "xunit.core");
        Assert.Equal("2.9.3", xunit.Version); // the pin in Directory.Packages.props
        Assert.Equal("pkg:nuget/xunit@2.9.3", xunit.Purl!.ToString());
        Assert.Equal("/app/Gantry.Cataloging.Tests.deps.json", xunit.Locations[0].Path);
        Assert.Contains(new Relationship(core.Id, xunit.Id, Relationship.DependencyOf), result.Relationships);
    }
}
