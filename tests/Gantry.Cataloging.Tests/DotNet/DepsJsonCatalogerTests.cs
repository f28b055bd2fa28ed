using Gantry.Core;

using Gantry.Cataloging.Tests.Fixtures;

namespace Gantry.Cataloging.Tests.DotNet;

/// <summary>The .NET cataloger on a <c>deps.json</c> shaped as the SDK writes it (the app, its packages, their edges).</summary>
public sealed class DepsJsonCatalogerTests : IDisposable
{
    private const string DepsJson = """
        {
          "runtimeTarget": { "name": ".NETCoreApp,Version=v8.0", "signature": "" },
          "targets": {
            ".NETCoreApp,Version=v8.0": {
              "Shop.Api/1.0.0": {
                "dependencies": { "Serilog.Sinks.Console": "5.0.1", "Shop.Domain": "1.0.0" },
                "runtime": { "Shop.Api.dll": {} }
              },
              "Serilog/3.1.1": { "runtime": { "lib/net7.0/Serilog.dll": { "assemblyVersion": "2.0.0.0", "fileVersion": "3.1.1.0" } } },
              "Serilog.Sinks.Console/5.0.1": {
                "dependencies": { "Serilog": "3.1.1" },
                "runtime": { "lib/net7.0/Serilog.Sinks.Console.dll": { "assemblyVersion": "5.0.0.0", "fileVersion": "5.0.1.0" } }
              },
              "Shop.Domain/1.0.0": { "runtime": { "Shop.Domain.dll": {} } }
            }
          },
          "libraries": {
            "Shop.Api/1.0.0": { "type": "project", "serviceable": false, "sha512": "" },
            "Serilog/3.1.1": { "type": "package", "serviceable": true, "sha512": "sha512-P6G4/4Kt9bT635bhuwdXlJ2SCqqn2nhh4gqFqQueCOr9bK/e7W9ll/IoX1Ter948cV2Z/5+5v8pAfJYUISY03A==", "path": "serilog/3.1.1", "hashPath": "serilog.3.1.1.nupkg.sha512" },
            "Serilog.Sinks.Console/5.0.1": { "type": "package", "serviceable": true, "sha512": "sha512-6Jt8jl9y2ey8VV7nVEUAyjjyxjAQuvd5+qj4XYAT9CwcsvR70HHULGBeD+K2WCALFXf7CFsNQT4lON6qXcu2AA==", "path": "serilog.sinks.console/5.0.1", "hashPath": "serilog.sinks.console.5.0.1.nupkg.sha512" },
            "Shop.Domain/1.0.0": { "type": "project", "serviceable": false, "sha512": "" }
          }
        }
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("gantry-dotnet-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Should_ReadNuGetPackagesAndDependencies_When_AppHasDepsJson()
    {
        var app = Directory.CreateDirectory(Path.Combine(_root, "app")).FullName;
        await File.WriteAllTextAsync(Path.Combine(app, "Shop.Api.deps.json"), DepsJson);

        var (result, _) = await Catalog.DirectoryAsync(_root, [.. CatalogerRegistry.CreateDefault()]);
        var nuget = result.Packages.Where(p => p.Type == PackageType.DotNet).ToList();

        Assert.Equal(["Serilog", "Serilog.Sinks.Console"], nuget.Select(p => p.Name).Order(StringComparer.Ordinal));
        var serilog = nuget.Single(p => p.Name == "Serilog");
        var sink = nuget.Single(p => p.Name == "Serilog.Sinks.Console");
        Assert.Equal("3.1.1", serilog.Version);
        Assert.Equal("pkg:nuget/Serilog@3.1.1", serilog.Purl!.ToString());
        Assert.Equal("/app/Shop.Api.deps.json", serilog.Locations[0].Path);
        Assert.Contains(new Relationship(serilog.Id, sink.Id, Relationship.DependencyOf), result.Relationships);
    }
}
