using System.IO.Compression;
using Gantry.Cataloging.Binary;
using Gantry.Cataloging.Golang;
using Gantry.Cataloging.Rust;
using Gantry.Images.FileSystem;
using Gantry.TestKit.Images;

namespace Gantry.Cataloging.Tests.Binary;

/// <summary>
/// The extractors run inside the layer walk: whatever the bytes, they return facts (an error among them) or null, and
/// never throw. Mutated and truncated copies of valid binaries, with a fixed seed.
/// </summary>
public sealed class ExtractorFuzzTests
{
    private static readonly IFileExtractor[] Extractors = [new GoBuildInfoExtractor(), new CargoAuditableExtractor(), new BinaryClassifierExtractor()];

    [Fact]
    public void Should_NeverThrow_When_TheBinaryIsMutatedOrTruncated()
    {
        using var depV0 = new MemoryStream();
        using (var zlib = new ZLibStream(depV0, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write("""{"packages":[{"name":"a","version":"1.0.0"}]}"""u8);
        }

        var original = SyntheticElf.Build([
            (".go.buildinfo", SyntheticElf.GoBuildInfo("go1.22.1", "path\tx\nmod\tx\tv1.0.0\t\n")),
            (".dep-v0", depV0.ToArray()),
            (".rodata", "\u00003.11.2\u0000 node.js/v20.1.1 OpenSSL 3.0.2 1 Jan"u8.ToArray()),
        ]);
        var random = new Random(16);
        for (var round = 0; round < 2000; round++)
        {
            var bytes = original.ToArray();
            for (var flips = random.Next(1, 8); flips > 0; flips--)
            {
                bytes[random.Next(bytes.Length)] = (byte)(random.Next(4) == 0 ? 0xFF : random.Next(256));
            }

            if (random.Next(5) == 0)
            {
                bytes = bytes[..random.Next(bytes.Length)];
            }

            foreach (var extractor in Extractors)
            {
                foreach (var name in new[] { "/usr/bin/python3.11", "/usr/lib/libnode.so.108" })
                {
                    var exception = Record.Exception(() => extractor.Extract(FileExtractSource.FromMemory(name, bytes)));
                    Assert.True(exception is null, $"round {round}, {extractor.Name}: {exception}");
                }
            }
        }
    }
}
