using System.Buffers.Binary;
using Gantry.Cataloging.Golang;
using Gantry.Cataloging.Tests.Fixtures;
using Gantry.Core;
using Gantry.TestKit.Images;
using Gantry.TestKit.Traits;

namespace Gantry.Cataloging.Tests.Golang;

/// <summary>Go build info read by <see cref="GoBuildInfoExtractor"/> as the layer walk streams the binary.</summary>
public sealed class GoBuildInfoExtractorTests
{
    private const string Modules = "path\texample.com/app\nmod\texample.com/app\tv0.3.0\th1:YXBw\ndep\tgolang.org/x/text\tv0.14.0\th1:dGV4dA==\nbuild\tGOARCH=arm64\n";

    /// <summary>Over <see cref="Images.Layers.AnalysisLimits.ExtractInMemoryThreshold"/>: the walk spills it to a temporary file.</summary>
    private const int LargePadding = 20 * 1024 * 1024;

    private static BuiltImage ImageWith(byte[] binary, string path = "usr/local/bin/app") =>
        new SyntheticImage().Layer(l => l.File(path, binary, (UnixFileMode)0x1ED)).Build();

    private static string Describe(Package p) =>
        $"{p.Name}@{p.Version} {p.Purl} {string.Join(',', p.Locations.Select(l => l.Path))} {string.Join(',', p.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={m.Value}"))}";

    [Fact]
    public async Task Should_CatalogTheSame_When_TheBinaryIsOverTheInMemoryThreshold()
    {
        var section = SyntheticElf.GoBuildInfo("go1.21.5", Modules);
        var small = SyntheticElf.Build([(".go.buildinfo", section)]);
        var large = SyntheticElf.Build([(".go.buildinfo", section)], padding: LargePadding);

        var (fromSmall, _) = await Catalog.ImageAsync(ImageWith(small), new GoBinaryCataloger());
        var (fromLarge, view) = await Catalog.ImageAsync(ImageWith(large), new GoBinaryCataloger());

        Assert.Equal(["example.com/app@v0.3.0", "golang.org/x/text@v0.14.0", "stdlib@go1.21.5"], fromLarge.Packages.Select(p => $"{p.Name}@{p.Version}").Order(StringComparer.Ordinal));
        Assert.Equal(fromSmall.Packages.Select(Describe), fromLarge.Packages.Select(Describe));
        Assert.Equal(fromSmall.Relationships.Count, fromLarge.Relationships.Count);
        Assert.Empty(fromLarge.Diagnostics);
        Assert.False(view.TryReadFile("/usr/local/bin/app", out _));
    }

    [Slow(SlowBecause.ExternalTool)]
    [Fact]
    public async Task Should_CatalogTheSame_When_ARealGoBinaryIsPaddedPastTheInMemoryThreshold()
    {
        var cache = await GoModuleBinary.GetAsync();
        var binary = await File.ReadAllBytesAsync(Path.Combine(cache, "root/app/bin/gantry-hello"));
        var padded = new byte[binary.Length + LargePadding];
        binary.CopyTo(padded, 0); // trailing zeros: the section table's offset and every section stay where they were

        var (fromDirectory, _) = await Catalog.DirectoryAsync(Path.Combine(cache, "root"), new GoBinaryCataloger());
        var (fromImage, _) = await Catalog.ImageAsync(ImageWith(padded, "app/bin/gantry-hello"), new GoBinaryCataloger());

        Assert.NotEmpty(fromImage.Packages);
        Assert.Equal(fromDirectory.Packages.Select(Describe), fromImage.Packages.Select(p => Describe(p)));
        Assert.Empty(fromImage.Diagnostics);
    }

    public static TheoryData<string, string> Hostile => new()
    {
        { "truncated", "ELF section table lies outside the file" },
        { "section-table-out-of-bounds", "ELF section table lies outside the file" },
        { "length-past-the-end", "Go build info string runs past the end of the file" },
        { "huge-varint", "Go build info string length is truncated" },
        { "huge-length", "Go build info string runs past the end of the file" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Should_ReportTheFile_And_CatalogTheOthers_When_TheBuildInfoIsHostile(string kind, string message)
    {
        var good = SyntheticElf.Build([(".go.buildinfo", SyntheticElf.GoBuildInfo("go1.21.5", Modules))]);
        var header = SyntheticElf.GoBuildInfo("x", string.Empty)[..32];
        var bad = kind switch
        {
            "truncated" => good[..(good.Length - 100)],
            "section-table-out-of-bounds" => WithSectionTableAt(good, 0x7FFF_FFFF_0000),
            "length-past-the-end" => SyntheticElf.Build([(".go.buildinfo", [.. header, 0x80, 0x89, 0x7A, .. "go1.21.5"u8])]),
            "huge-varint" => SyntheticElf.Build([(".go.buildinfo", [.. header, .. Enumerable.Repeat((byte)0xFF, 12)])]),
            "huge-length" => SyntheticElf.Build([(".go.buildinfo", [.. header, .. Enumerable.Repeat((byte)0xFF, 8), 0x7F])]),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var image = new SyntheticImage()
            .Layer(l => l.File("usr/local/bin/bad", bad, (UnixFileMode)0x1ED).File("usr/local/bin/good", good, (UnixFileMode)0x1ED))
            .Build();

        var (result, view) = await Catalog.ImageAsync(image, new GoBinaryCataloger());

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.MalformedFile, diagnostic.Code);
        Assert.Equal("/usr/local/bin/bad", diagnostic.Path);
        Assert.Equal($"/usr/local/bin/bad: {message}", diagnostic.Message);
        Assert.All(result.Packages, p => Assert.Equal("/usr/local/bin/good", p.Locations[0].Path));
        Assert.Equal(3, result.Packages.Count);
        Assert.Empty(view.Diagnostics);
    }

    private static byte[] WithSectionTableAt(byte[] elf, long offset)
    {
        var copy = elf.ToArray();
        BinaryPrimitives.WriteUInt64LittleEndian(copy.AsSpan(0x28), (ulong)offset);
        return copy;
    }
}
