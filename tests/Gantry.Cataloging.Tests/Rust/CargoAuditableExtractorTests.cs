using System.IO.Compression;
using System.Text;
using Gantry.Cataloging.Rust;
using Gantry.Cataloging.Tests.Fixtures;
using Gantry.Core;
using Gantry.TestKit.Images;

namespace Gantry.Cataloging.Tests.Rust;

/// <summary>The <c>.dep-v0</c> section inflated by <see cref="CargoAuditableExtractor"/> as the layer walk streams the binary.</summary>
public sealed class CargoAuditableExtractorTests
{
    private const string AuditJson = """{"packages":[{"name":"demo","version":"0.1.0","source":"local","dependencies":[1],"root":true},{"name":"serde","version":"1.0.193","source":"crates.io"}]}""";

    private static byte[] Zlib(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(bytes);
        }

        return output.ToArray();
    }

    private static BuiltImage ImageWith(params (string Path, byte[] Binary)[] files) =>
        new SyntheticImage().Layer(l =>
        {
            foreach (var (path, binary) in files)
            {
                l.File(path, binary, (UnixFileMode)0x1ED);
            }
        }).Build();

    [Fact]
    public async Task Should_CatalogTheSame_When_TheBinaryIsOverTheInMemoryThreshold()
    {
        var section = Zlib(Encoding.UTF8.GetBytes(AuditJson));
        var small = SyntheticElf.Build([(".text", new byte[256]), (".dep-v0", section)]);
        var large = SyntheticElf.Build([(".text", new byte[256]), (".dep-v0", section)], padding: 20 * 1024 * 1024);

        var (fromSmall, _) = await Catalog.ImageAsync(ImageWith(("usr/local/bin/demo", small)), new CargoAuditableCataloger());
        var (fromLarge, _) = await Catalog.ImageAsync(ImageWith(("usr/local/bin/demo", large)), new CargoAuditableCataloger());

        Assert.Equal(["demo@0.1.0", "serde@1.0.193"], fromLarge.Packages.Select(p => $"{p.Name}@{p.Version}").Order(StringComparer.Ordinal));
        Assert.Equal(fromSmall.Packages.Select(p => p.Id), fromLarge.Packages.Select(p => p.Id));
        Assert.Equal(fromSmall.Relationships, fromLarge.Relationships);
        Assert.Empty(fromLarge.Diagnostics);
    }

    public static TheoryData<string, string> Hostile => new()
    {
        { "inflates-too-far", $".dep-v0: inflates past {CargoAuditableExtractor.MaxInflatedBytes} bytes" },
        { "truncated-elf", ".dep-v0: ELF section table lies outside the file" },
        { "not-json", ".dep-v0: " },
        { "not-zlib", ".dep-v0: " },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Should_ReportTheFile_And_CatalogTheOthers_When_TheSectionIsHostile(string kind, string message)
    {
        var good = SyntheticElf.Build([(".dep-v0", Zlib(Encoding.UTF8.GetBytes(AuditJson)))]);
        var bad = kind switch
        {
            "inflates-too-far" => SyntheticElf.Build([(".dep-v0", Zlib(new byte[CargoAuditableExtractor.MaxInflatedBytes + 4096]))]),
            "truncated-elf" => good[..(good.Length - 10)],
            "not-json" => SyntheticElf.Build([(".dep-v0", Zlib("{\"packages\": [tru"u8.ToArray()))]),
            "not-zlib" => SyntheticElf.Build([(".dep-v0", "plain text, not zlib"u8.ToArray())]),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        var (result, view) = await Catalog.ImageAsync(ImageWith(("usr/local/bin/bad", bad), ("usr/local/bin/good", good)), new CargoAuditableCataloger());

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.MalformedFile, diagnostic.Code);
        Assert.Equal("/usr/local/bin/bad", diagnostic.Path);
        Assert.StartsWith($"/usr/local/bin/bad: {message}", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(2, result.Packages.Count);
        Assert.All(result.Packages, p => Assert.Equal("/usr/local/bin/good", p.Locations[0].Path));
        Assert.Empty(view.Diagnostics);
    }
}
