using System.Text;
using Gantry.Cataloging.Binary;
using Gantry.Cataloging.Tests.Fixtures;
using Gantry.Images.FileSystem;
using Gantry.TestKit.Images;

namespace Gantry.Cataloging.Tests.Binary;

/// <summary>The classifiers' forward-only search (<see cref="BinaryClassifierExtractor"/>) over streamed files.</summary>
public sealed class BinaryClassifierExtractorTests
{
    /// <summary>A library of <paramref name="size"/> bytes with <paramref name="text"/> at <paramref name="at"/> (negative: from the end).</summary>
    private static byte[] Library(int size, int at, string text)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        bytes.AsSpan().Replace((byte)'n', (byte)'x'); // no accidental anchor
        Encoding.Latin1.GetBytes(text).CopyTo(bytes, at >= 0 ? at : size + at);
        return bytes;
    }

    [Theory]
    [InlineData(0)]
    [InlineData((256 * 1024) - 5)] // the anchor across two reads
    [InlineData((256 * 1024) - 40)] // the window across two reads
    [InlineData(-20)] // the version ends at the end of the file
    public void Should_FindTheVersion_When_ItLiesAnywhereInTheFile(int at)
    {
        var content = Library(3 * 1024 * 1024, at, "node.js/v20.11.1\0");
        var node = BinaryClassifiers.All.Single(c => c.Product == "node");

        var hit = BinaryClassifierExtractor.Classify(BinaryClassifiers.All, FileExtractSource.FromMemory("/usr/lib/libnode.so.108", content));

        Assert.Equal("20.11.1", hit?.Version);
        Assert.Equal("20.11.1", node.Match("/usr/lib/libnode.so.108", content)?.Version);
    }

    [Fact]
    public async Task Should_ClassifyALibraryThatIsNotExecutable_When_ItStreamsPastWithoutACopy()
    {
        // Given: a 20 MB libnode.so (over the in-memory threshold) that only the classifier reads: it streams
        var library = Library(20 * 1024 * 1024, 15 * 1024 * 1024, "node.js/v18.19.0\0");
        var image = new SyntheticImage()
            .Layer(l => l.File("usr/lib/libnode.so.108", library).File("usr/bin/python3.11", "\u00003.11.2\u0000", (UnixFileMode)0x1ED)
                .HardLink("usr/bin/python3", "usr/bin/python3.11").HardLink("usr/bin/python3.11-copy", "usr/bin/python3.11"))
            .Build();

        // When
        var (result, _) = await Catalog.ImageAsync(image, new BinaryCataloger());

        // Then: a hard link counts only under a name the classifier accepts, as when its own bytes were read
        Assert.Equal(["node@18.19.0 /usr/lib/libnode.so.108", "python@3.11.2 /usr/bin/python3.11"],
            result.Packages.Select(p => $"{p.Name}@{p.Version} {p.Locations[0].Path}").Order(StringComparer.Ordinal));
        Assert.Equal("version string '3.11.2' in a file named 'python3.11'", result.Packages.Single(p => p.Name == "python").GetMetadata("evidence"));
    }
}
