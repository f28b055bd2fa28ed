using System.Buffers.Binary;
using System.Text;
using Gantry.Cataloging.Binary;
using Gantry.Cataloging.Golang;
using Gantry.Cataloging.Tests.Fixtures;
using Gantry.Core;
using Gantry.Images.FileSystem;
using Gantry.TestKit.Golang;
using Gantry.TestKit.Images;
using Gantry.TestKit.Traits;

namespace Gantry.Cataloging.Tests.Golang;

/// <summary>The linked functions of Go binaries, read from <c>.gopclntab</c> by <see cref="GoPclntabReader"/>.</summary>
public sealed class GoPclntabReaderTests
{
    private const string Modules = "path\texample.com/app\nmod\texample.com/app\tv0.3.0\t\ndep\tgolang.org/x/text\tv0.3.7\t\nbuild\tGOARCH=amd64\nbuild\tGOOS=linux\n";

    private static readonly string[] Functions =
    [
        "golang.org/x/text/language.Parse", "golang.org/x/text/language.(*Tag).String", "golang.org/x/text/language.Parse.func1.2",
        "golang.org/x/text/internal/tag.Index.Elem", "example.com/app/internal/util.Map[go.shape.int,go.shape.string]", "main.main",
        "net/http.(*Client).Do", "net/http.(*Client).Do.gowrap1", "gopkg.in/yaml%2ev2.Unmarshal", "type:.eq.net/http.Client", "runtime.main",
    ];

    [Slow(SlowBecause.ExternalTool)]
    [Fact]
    public async Task Should_ReadEveryFunctionGoToolNmLists_When_TheBinaryIsBuiltByTheGoToolchain()
    {
        var binary = await GoTextBinary.BuildAsync(GoTextBinary.CallsParseAcceptLanguage);
        // go tool nm reads the symbol table (.symtab), where assembly functions carry their ABI (".abi0") and the text
        // segment's bounds are symbols too (runtime.text, runtime.etext: no functions); the reader reads .gopclntab,
        // which a stripped binary keeps too.
        var expected = (await Run.ToolAsync("go", "tool", "nm", binary)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Trim().Split(' ', 3))
            .Where(f => f.Length == 3 && f[1] is "T" or "t")
            .Select(f => GoNames.Fold(f[2].EndsWith(".abi0", StringComparison.Ordinal) ? f[2][..^5] : f[2]) is { } folded ? $"{folded.Package} {folded.Symbol}" : null)
            .OfType<string>()
            .Except(["runtime text", "runtime etext"])
            .ToHashSet(StringComparer.Ordinal);

        var symbols = Read(await File.ReadAllBytesAsync(binary))!;

        var read = symbols.SelectMany(p => p.Value.Select(s => $"{p.Key} {s}")).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("golang.org/x/text/language ParseAcceptLanguage", read);
        Assert.DoesNotContain("golang.org/x/text/language MatchStrings", read);
        Assert.Subset(read, expected);
    }

    [Slow(SlowBecause.ExternalTool)]
    [Fact]
    public async Task Should_ReadAFunctionInlinedIntoEveryCaller_When_TheSymbolTableHasNoTraceOfIt()
    {
        var binary = await GoTextBinary.BuildAsync(GoTextBinary.CallsParse);
        var linked = (await Run.ToolAsync("go", "tool", "nm", binary)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Trim().Split(' ', 3)).Where(f => f.Length == 3).Select(f => f[2]).ToHashSet(StringComparer.Ordinal);

        var symbols = Read(await File.ReadAllBytesAsync(binary))!;

        // The compiler inlines language.Parse into main: no function of that name is linked, but its code is there.
        Assert.DoesNotContain("golang.org/x/text/language.Parse", linked);
        Assert.Contains("Parse", symbols["golang.org/x/text/language"]);
        Assert.DoesNotContain("ParseAcceptLanguage", symbols["golang.org/x/text/language"]);
    }

    [Theory]
    [InlineData(0xfffffff1u, 8)]
    [InlineData(0xfffffff0u, 8)]
    [InlineData(0xfffffffau, 8)]
    [InlineData(0xfffffff1u, 4)]
    public void Should_FoldNamesToGovulncheckSymbols_When_TheTableIsOfAKnownLayout(uint magic, int pointerSize)
    {
        var symbols = Read(Elf(SyntheticPclntab.Build(Functions, magic, pointerSize)))!;

        Assert.Equal(["Parse", "Tag.String"], symbols["golang.org/x/text/language"]);
        Assert.Equal(["Index.Elem"], symbols["golang.org/x/text/internal/tag"]);
        Assert.Equal(["Map"], symbols["example.com/app/internal/util"]);
        Assert.Equal(["Client.Do"], symbols["net/http"]);
        Assert.Equal(["Unmarshal"], symbols["gopkg.in/yaml.v2"]);
        Assert.Equal(["main"], symbols["runtime"]);
        Assert.False(symbols.ContainsKey("type:"));
    }

    [Fact]
    public void Should_ReadNothing_When_TheMagicIsOfAnOldOrUnknownLayout()
    {
        Assert.Null(Read(Elf(SyntheticPclntab.Build(Functions, 0xfffffffb, 8))));
        Assert.Null(Read(SyntheticElf.Build([(".go.buildinfo", SyntheticElf.GoBuildInfo("go1.21.5", Modules))])));
    }

    public static TheoryData<string, string> Hostile => new()
    {
        { "name-table-out-of-range", "declares a name table at" },
        { "name-table-end-out-of-range", "declares a name table at" },
        { "name-table-reversed", "declares a name table at" },
        { "name-without-end", "does not end within its name table" },
        { "huge-name", "does not end within its name table" },
        { "truncated", "declares a name table at" },
        { "pointer-size", "has pointer size 3" },
        { "header-only", "too short for its header" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Should_ThrowInvalidData_When_TheTableIsHostile(string kind, string message)
    {
        var table = Corrupt(SyntheticPclntab.Build(Functions, 0xfffffff1, 8), kind);

        var error = Assert.Throws<InvalidDataException>(() => Read(Elf(table)));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Should_KeepTheModules_And_RecordWhyThereAreNoSymbols_When_TheTableIsHostile(string kind, string message)
    {
        var bad = Elf(Corrupt(SyntheticPclntab.Build(Functions, 0xfffffff1, 8), kind));
        var image = new SyntheticImage().Layer(l => l.File("usr/local/bin/app", bad, (UnixFileMode)0x1ED)).Build();

        var (result, _) = await Catalog.ImageAsync(image, new GoBinaryCataloger());

        Assert.Empty(result.Diagnostics);
        Assert.Equal(["example.com/app", "golang.org/x/text", "stdlib"], result.Packages.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.All(result.Packages, p =>
        {
            Assert.Null(p.GetMetadata(MetadataKeys.GoSymbols));
            Assert.Contains(message, p.GetMetadata(MetadataKeys.GoSymbolsError), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Should_GiveEachModuleItsOwnPackages_When_TheTableIsRead()
    {
        var image = new SyntheticImage().Layer(l => l.File("usr/local/bin/app", Elf(SyntheticPclntab.Build(Functions, 0xfffffff1, 8)), (UnixFileMode)0x1ED)).Build();

        var (result, _) = await Catalog.ImageAsync(image, new GoBinaryCataloger());

        string Symbols(string name) => result.Packages.Single(p => p.Name == name).GetMetadata(MetadataKeys.GoSymbols)!;
        Assert.Equal("golang.org/x/text/internal/tag:Index.Elem;golang.org/x/text/language:Parse,Tag.String", Symbols("golang.org/x/text"));
        Assert.Equal("example.com/app/internal/util:Map", Symbols("example.com/app"));
        Assert.Equal("net/http:Client.Do;runtime:main", Symbols("stdlib"));
        Assert.All(result.Packages, p => Assert.Equal("linux", p.GetMetadata(MetadataKeys.GoOs)));
    }

    [Fact]
    public void Should_RoundTripLargeSetsCompressed()
    {
        var large = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal)
        {
            ["net/http"] = new(Enumerable.Range(0, 2000).Select(i => $"Func{i}"), StringComparer.Ordinal),
        };

        var encoded = GoSymbols.Pack(GoSymbols.Format(large));

        Assert.StartsWith(":gz:", encoded, StringComparison.Ordinal);
        Assert.True(GoSymbols.TryDecode(encoded, out var decoded));
        Assert.Equal(2000, decoded["net/http"].Count);
        Assert.False(GoSymbols.TryDecode(":gz:bm90IGd6aXA=", out _));
        Assert.False(GoSymbols.TryDecode("no-colon", out _));
    }

    private static byte[] Elf(byte[] pclntab) =>
        SyntheticElf.Build([(".go.buildinfo", SyntheticElf.GoBuildInfo("go1.21.5", Modules)), (GoPclntabReader.SectionName, pclntab)]);

    /// <summary>The reader's text split back into symbols per package, each list in the text's (sorted) order.</summary>
    private static Dictionary<string, string[]>? Read(byte[] binary)
    {
        var source = FileExtractSource.FromMemory("/app", binary);
        return GoPclntabReader.Read(source, ElfFile.TryRead(source)!)?.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split(':'))
            .ToDictionary(parts => parts[0], parts => parts[1].Split(','), StringComparer.Ordinal);
    }

    private static byte[] Corrupt(byte[] table, string kind)
    {
        var copy = table.ToArray();
        var layout = SyntheticPclntab.LayoutOf(copy);
        switch (kind)
        {
            case "name-table-out-of-range": BinaryPrimitives.WriteUInt64LittleEndian(copy.AsSpan(8 + (3 * 8)), (ulong)copy.Length + 5); break;
            case "name-table-end-out-of-range": BinaryPrimitives.WriteUInt64LittleEndian(copy.AsSpan(8 + (4 * 8)), (ulong)copy.Length + 5); break;
            case "name-table-reversed": BinaryPrimitives.WriteUInt64LittleEndian(copy.AsSpan(8 + (4 * 8)), (ulong)layout.NameTable - 1); break;
            case "name-without-end": copy[layout.FunctionTable - 1] = (byte)'a'; break;
            case "huge-name":
                // A name table of 20,000 bytes with no NUL at all.
                copy = [.. copy[..layout.NameTable], .. Enumerable.Repeat((byte)'a', 20_000), .. copy[layout.FunctionTable..]];
                BinaryPrimitives.WriteUInt64LittleEndian(copy.AsSpan(8 + (4 * 8)), (ulong)layout.NameTable + 20_000);
                break;
            case "truncated": copy = copy[..(layout.FunctionTable - 2)]; break;
            case "pointer-size": copy[7] = 3; break;
            case "header-only": copy = copy[..6]; break;
            default: throw new ArgumentOutOfRangeException(nameof(kind));
        }

        return copy;
    }
}

/// <summary>
/// A <c>.gopclntab</c> as the Go linker lays it out, with only what name reading uses: the header, the function name
/// table (the compilation-unit table's offset marks its end; this one has no units), then the function table (entry, record offset pairs) followed by one <c>_func</c> record per function
/// (entry, name offset). Little-endian.
/// </summary>
internal static class SyntheticPclntab
{
    public static byte[] Build(IReadOnlyList<string> functions, uint magic, int pointerSize)
    {
        var modern = magic != 0xfffffffa;
        var words = modern ? 8 : 7;
        var header = 8 + (words * pointerSize);
        var names = new MemoryStream();
        var nameOffsets = new List<int>();
        foreach (var function in functions)
        {
            nameOffsets.Add((int)names.Length);
            names.Write(Encoding.UTF8.GetBytes(function));
            names.WriteByte(0);
        }

        var fieldSize = modern ? 4 : pointerSize;
        var functionData = header + (int)names.Length;
        var tableSize = ((functions.Count * 2) + 1) * fieldSize;
        var recordSize = modern ? 8 : pointerSize + 4;
        var table = new byte[functionData + tableSize + (functions.Count * recordSize)];
        BinaryPrimitives.WriteUInt32LittleEndian(table, magic);
        table[6] = 1;
        table[7] = (byte)pointerSize;
        void Word(int index, long value) => WriteField(table.AsSpan(8 + (index * pointerSize)), value, pointerSize);
        Word(0, functions.Count);
        Word(modern ? 3 : 2, header);
        Word(modern ? 4 : 3, functionData);
        Word(modern ? 7 : 6, functionData);
        names.ToArray().CopyTo(table, header);
        for (var i = 0; i < functions.Count; i++)
        {
            var record = tableSize + (i * recordSize);
            WriteField(table.AsSpan(functionData + (2 * i * fieldSize)), i * 16, fieldSize);
            WriteField(table.AsSpan(functionData + (((2 * i) + 1) * fieldSize)), record, fieldSize);
            BinaryPrimitives.WriteInt32LittleEndian(table.AsSpan(functionData + record + (modern ? 4 : pointerSize)), nameOffsets[i]);
        }

        return table;
    }

    /// <summary>Where a table made by <see cref="Build"/> (1.18+, 8-byte pointers) has its name table, function table and first record.</summary>
    public static (int NameTable, int FunctionTable, int FirstRecord) LayoutOf(byte[] table)
    {
        var functionData = (int)BinaryPrimitives.ReadUInt64LittleEndian(table.AsSpan(8 + (7 * 8)));
        var count = (int)BinaryPrimitives.ReadUInt64LittleEndian(table.AsSpan(8));
        return ((int)BinaryPrimitives.ReadUInt64LittleEndian(table.AsSpan(8 + (3 * 8))), functionData, functionData + (((count * 2) + 1) * 4));
    }

    private static void WriteField(Span<byte> at, long value, int size)
    {
        if (size == 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(at, (ulong)value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(at, (uint)value);
        }
    }
}
