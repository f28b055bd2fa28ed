using Gantry.TestKit.Golang;

namespace Gantry.Core.Tests;

/// <summary>How <see cref="GoSymbols"/> folds linker names into govulncheck's symbols and stores them.</summary>
public sealed class GoSymbolsTests
{
    [Theory]
    [InlineData("golang.org/x/text/language.Parse", "golang.org/x/text/language", "Parse")]
    [InlineData("golang.org/x/text/language.(*Tag).String", "golang.org/x/text/language", "Tag.String")]
    [InlineData("golang.org/x/text/language.Parse.func1.2", "golang.org/x/text/language", "Parse")]
    [InlineData("net/http.(*Client).Do.gowrap1", "net/http", "Client.Do")]
    [InlineData("net/http.(*Transport).dialConn.deferwrap3", "net/http", "Transport.dialConn")]
    [InlineData("net/http.(*conn).serve-fm", "net/http", "conn.serve")]
    [InlineData("crypto/tls.glob..func1", "crypto/tls", "glob")]
    [InlineData("example.com/app/util.Map[go.shape.[]int,go.shape.map[string]int]", "example.com/app/util", "Map")]
    [InlineData("example.com/app/util.(*List[go.shape.int]).Push", "example.com/app/util", "List.Push")]
    [InlineData("gopkg.in/yaml%2ev2.Unmarshal", "gopkg.in/yaml.v2", "Unmarshal")]
    [InlineData("example.com/a%25b.F", "example.com/a%b", "F")]
    [InlineData("runtime.main", "runtime", "main")]
    public void Should_FoldALinkerName_Into_ItsPackageAndSymbol(string name, string package, string symbol)
    {
        Assert.Equal((package, symbol), GoNames.Fold(name));
    }

    [Theory]
    [InlineData("type:.eq.net/http.Client")]
    [InlineData("type..eq.[2]interface {}")]
    [InlineData("go:buildid")]
    [InlineData("go.shape.int")]
    [InlineData("nodot")]
    [InlineData("example.com/app/")]
    [InlineData("trailing.")]
    [InlineData(".leading")]
    public void Should_Refuse_Names_That_AreNotFunctionsOfAPackage(string name) => Assert.Null(GoNames.Fold(name));

    [Fact]
    public void Should_FoldIntoTheScratchGiven_And_RefuseOneTooShort()
    {
        var scratch = new char[64];

        Assert.True(GoSymbols.TryFold("net/http.(*Client).Do", scratch, out var package, out var symbol));
        Assert.Equal("net/http", new string(scratch.AsSpan(package)));
        Assert.Equal("Client.Do", new string(scratch.AsSpan(symbol)));
        Assert.Throws<ArgumentOutOfRangeException>(() => GoSymbols.TryFold("net/http.(*Client).Do", new char[4], out _, out _));
    }

    [Theory]
    [InlineData("(*Reader).Read", "Reader.Read")]
    [InlineData("Map[K,V].Get", "Map.Get")]
    [InlineData("Parse", "Parse")]
    public void Should_NormalizeAnAdvisorysSymbol_As_FoldingDoes(string symbol, string expected) => Assert.Equal(expected, GoSymbols.Normalize(symbol));

    [Fact]
    public void Should_FormatSorted_And_PackOnlyLongTexts()
    {
        var symbols = new Dictionary<string, string[]>(StringComparer.Ordinal) { ["net/http"] = ["Get", "Client.Do"], ["crypto/tls"] = ["Dial"] };

        var text = GoSymbols.Format(symbols);

        Assert.Equal("crypto/tls:Dial;net/http:Client.Do,Get", text);
        Assert.Equal(text, GoSymbols.Pack(text));
        Assert.Equal("-", GoSymbols.Pack(string.Empty));
        Assert.True(GoSymbols.TryDecode("-", out var none));
        Assert.Empty(none);
        Assert.False(GoSymbols.TryDecode(null, out _));
        Assert.False(GoSymbols.TryDecode(string.Empty, out _));
    }
}
