using System.Text;
using System.Text.Json;
using Gantry.Cataloging.Common;
using Gantry.Cataloging.Rust;
using Gantry.Cataloging.Tests.Fixtures;
using Gantry.Core;
using Gantry.Images.Layers;

namespace Gantry.Cataloging.Tests.Common;

public sealed class FileErrorsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gantry-file-errors-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Should_Call_It_Bad_Input_When_A_Parser_Rejects_The_Text()
    {
        using var document = JsonDocument.Parse("""{"version": 1}""");

        Assert.True(FileErrors.IsBadInput(Catch(() => JsonDocument.Parse("{"))));
        Assert.True(FileErrors.IsBadInput(Catch(() => document.RootElement.GetProperty("version").GetString())));
        Assert.True(FileErrors.IsBadInput(Catch(() => document.RootElement.GetProperty("name"))));
        Assert.True(FileErrors.IsBadInput(Catch(() => TomlTables.Read("[[package]\nname = ", "package"))));
        Assert.True(FileErrors.IsBadInput(Catch(() => new YamlDotNet.Serialization.Deserializer().Deserialize<object>("a: [b"))));
        Assert.True(FileErrors.IsBadInput(Catch(() => int.Parse("12x", System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Fact]
    public void Should_Call_It_A_Bug_When_Our_Own_Code_Throws()
    {
        var empty = new List<string>();
        int[] none = [];

        Assert.False(FileErrors.IsBadInput(Catch(() => empty.First())));
        Assert.False(FileErrors.IsBadInput(Catch(() => none[1])));
        Assert.False(FileErrors.IsBadInput(Catch(() => new Dictionary<string, string>()["missing"])));
        Assert.False(FileErrors.IsBadInput(Catch(() => "abc"[5..])));
        Assert.False(FileErrors.IsBadInput(Catch(() => ((string?)null)!.Length)));
    }

    [Fact]
    public async Task Should_Let_A_Parser_Bug_Through_When_A_Cataloger_Hits_One()
    {
        File.WriteAllText(Path.Combine(_root, "Cargo.lock"), "version = 3\n");
        var view = await LayerWalker.WalkDirectoryAsync(_root, ["**/Cargo.lock"], AnalysisLimits.Default, CancellationToken.None);

        var bug = Assert.Throws<InvalidOperationException>(() => FileCatalog.Run(new CatalogContext(view, null), ["**/Cargo.lock"],
            _ => throw new InvalidOperationException("Sequence contains no elements"), CancellationToken.None));

        Assert.Equal("Sequence contains no elements", bug.Message);
    }

    [Theory]
    [InlineData("[[package]]\nname = \"serde\nversion = \"1.0\"\n")]
    [InlineData("[[package]\nname = \"serde\"\n")]
    [InlineData("\0\0\0 not toml at all")]
    public async Task Should_Report_A_Malformed_File_When_Cargo_Lock_Is_Not_Toml(string text)
    {
        File.WriteAllText(Path.Combine(_root, "Cargo.lock"), text);

        var (result, _) = await Catalog.DirectoryAsync(_root, new CargoLockCataloger());

        Assert.Empty(result.Packages);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(("/Cargo.lock", DiagnosticCodes.MalformedFile), (diagnostic.Path, diagnostic.Code));
    }

    [Fact]
    public async Task Should_Name_The_Line_And_Column_When_Cargo_Lock_Has_A_Syntax_Error()
    {
        File.WriteAllText(Path.Combine(_root, "Cargo.lock"), "version = 3\n[[package]\nname = \n");

        var (result, _) = await Catalog.DirectoryAsync(_root, new CargoLockCataloger());

        var message = Assert.Single(result.Diagnostics).Message;
        Assert.Contains("(2,10) : error : Expected `]]` but was `]`.", message, StringComparison.Ordinal);
        Assert.DoesNotContain("convert", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Report_A_Malformed_File_When_Arrays_Nest_Deeper_Than_Any_Lock_File()
    {
        var deep = new StringBuilder("[[package]]\nname = \"a\"\nversion = \"1\"\nsource = \"x\"\ndependencies = ");
        deep.Append('[', 100_000).Append(']', 100_000).Append('\n');
        File.WriteAllText(Path.Combine(_root, "Cargo.lock"), deep.ToString());

        var (result, _) = await Catalog.DirectoryAsync(_root, new CargoLockCataloger());

        Assert.Equal(DiagnosticCodes.MalformedFile, Assert.Single(result.Diagnostics).Code);
    }

    private static Exception Catch(Func<object?> action)
    {
        try
        {
            action();
        }
        catch (Exception ex)
        {
            return ex;
        }

        throw new InvalidOperationException("the action did not throw");
    }
}
