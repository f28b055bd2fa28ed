using System.IO.Compression;
using System.Text;
using Gantry.Cataloging.Rust;
using Gantry.Cataloging.Tests.Fixtures;
using Gantry.Core;

namespace Gantry.Cataloging.Tests.Rust;

/// <summary>
/// cargo-auditable's section added to a real ELF executable by binutils' <c>objcopy --add-section</c>,
/// which is how the section ends up in the file (cargo-auditable passes it to the linker as an object).
/// </summary>
public sealed class CargoAuditableCatalogerTests : IDisposable
{
    private const string AuditJson = """
        {"packages":[
          {"name":"demo","version":"0.1.0","source":"local","dependencies":[1,2],"root":true},
          {"name":"serde","version":"1.0.193","source":"crates.io","dependencies":[]},
          {"name":"cc","version":"1.0.83","source":"crates.io","kind":"build"}]}
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("gantry-auditable-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Should_ListCratesAndEdges_When_BinaryCarriesDepV0Section()
    {
        var section = Path.Combine(_root, "dep-v0.bin");
        using (var file = File.Create(section))
        using (var zlib = new ZLibStream(file, CompressionLevel.Optimal))
        {
            zlib.Write(Encoding.UTF8.GetBytes(AuditJson));
        }

        Directory.CreateDirectory(Path.Combine(_root, "rootfs/usr/local/bin"));
        var binary = Path.Combine(_root, "rootfs/usr/local/bin/demo");
        await Run.ToolAsync("objcopy", "--add-section", $".dep-v0={section}", "/usr/bin/true", binary);
        await Run.ToolAsync("chmod", "755", binary);

        var (result, _) = await Catalog.DirectoryAsync(Path.Combine(_root, "rootfs"), new CargoAuditableCataloger());

        Assert.Equal(["cc@1.0.83", "demo@0.1.0", "serde@1.0.193"], result.Packages.Select(p => $"{p.Name}@{p.Version}").Order(StringComparer.Ordinal));
        var serde = Assert.Single(result.Packages, p => p.Name == "serde");
        var demo = Assert.Single(result.Packages, p => p.Name == "demo");
        Assert.Equal("pkg:cargo/serde@1.0.193", serde.Purl!.ToString());
        Assert.Equal("/usr/local/bin/demo", serde.Locations[0].Path);
        Assert.Equal("build", result.Packages.Single(p => p.Name == "cc").GetMetadata("kind"));
        Assert.Contains(new Relationship(serde.Id, demo.Id, Relationship.DependencyOf), result.Relationships);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public async Task Should_ReportDiagnostic_When_SectionIsNotZlib()
    {
        var section = Path.Combine(_root, "garbage.bin");
        await File.WriteAllTextAsync(section, "not compressed at all");
        Directory.CreateDirectory(Path.Combine(_root, "rootfs/bin"));
        await Run.ToolAsync("objcopy", "--add-section", $".dep-v0={section}", "/usr/bin/true", Path.Combine(_root, "rootfs/bin/bad"));

        var (result, _) = await Catalog.DirectoryAsync(Path.Combine(_root, "rootfs"), new CargoAuditableCataloger());

        Assert.Empty(result.Packages);
        Assert.Equal("/bin/bad", Assert.Single(result.Diagnostics).Path);
    }
}
