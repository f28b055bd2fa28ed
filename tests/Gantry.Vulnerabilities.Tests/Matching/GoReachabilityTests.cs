using Gantry.Core;
using Gantry.TestKit.Feeds;
using Gantry.Vulnerabilities.Import;
using Gantry.Vulnerabilities.Matching;
using Gantry.Vulnerabilities.Store;

namespace Gantry.Vulnerabilities.Tests.Matching;

/// <summary>
/// <see cref="GoReachability"/> on the real GO-2022-1059 (<c>golang.org/x/text/language</c>: <c>MatchStrings</c>,
/// <c>ParseAcceptLanguage</c>) and GO-2023-2185 (standard library, <c>path/filepath</c> and
/// <c>internal/safefilepath</c> on Windows only), as imported from the corpus, against packages carrying the symbols a
/// binary would link.
/// </summary>
public sealed class GoReachabilityTests : IDisposable
{
    private readonly TestDatabase _database = new();

    public GoReachabilityTests()
    {
        var feed = Directory.CreateDirectory(Path.Combine(_database.Folder, "feed")).FullName;
        foreach (var id in new[] { "GO-2022-1059", "GO-2023-2185" })
        {
            File.Copy(FeedCorpus.Path("osv-go", id + ".json"), Path.Combine(feed, id + ".json"));
        }

        _database.Import("osv-go", FeedFormat.Osv, feed);
    }

    public void Dispose() => _database.Dispose();

    [Fact]
    public void Should_Import_The_Imports_Of_The_Record()
    {
        using var store = _database.Open();

        var affected = Assert.Single(store.FindAffected("Go", "golang.org/x/text"));

        var import = Assert.Single(affected.GoImports);
        Assert.Equal("golang.org/x/text/language", import.Path);
        Assert.Equal(["MatchStrings", "ParseAcceptLanguage"], import.Symbols);
        Assert.Empty(import.Goos);
        Assert.Equal(["windows"], store.FindAffected("Go", "stdlib").SelectMany(a => a.GoImports).SelectMany(i => i.Goos).Distinct());
    }

    [Theory]
    [InlineData("golang.org/x/text/language:Parse,Tag.String", "Unreachable", "golang.org/x/text/language is linked but not MatchStrings, ParseAcceptLanguage")]
    [InlineData("golang.org/x/text/language:Parse,ParseAcceptLanguage", "Reachable", "golang.org/x/text/language.ParseAcceptLanguage is linked")]
    [InlineData("golang.org/x/text/internal/tag:Index.Elem", "Unreachable", "golang.org/x/text/language is not linked")]
    [InlineData("-", "Unreachable", "golang.org/x/text/language is not linked")]
    public void Should_Decide_By_The_Linked_Symbols(string symbols, string state, string reason)
    {
        var reachability = Decide("golang.org/x/text", "v0.3.7", Metadata(symbols));

        Assert.Equal((Enum.Parse<ReachabilityState>(state), reason), (reachability!.State, reachability.Reason));
    }

    [Fact]
    public void Should_Be_Unreachable_When_The_Advisory_Is_For_Another_Platform_Even_Without_Symbols()
    {
        var linux = Decide("stdlib", "go1.19.8", new Dictionary<string, string> { [MetadataKeys.GoOs] = "linux", [MetadataKeys.Architecture] = "amd64" });
        var windows = Decide("stdlib", "go1.19.8", new Dictionary<string, string>
        {
            [MetadataKeys.GoOs] = "windows", [MetadataKeys.Architecture] = "amd64", [MetadataKeys.GoSymbols] = "path/filepath:Join,Split",
        });

        Assert.Equal((ReachabilityState.Unreachable, "the advisory applies only to windows; the binary is built for linux/amd64"), (linux!.State, linux.Reason));
        Assert.Equal((ReachabilityState.Reachable, "path/filepath.Join is linked"), (windows!.State, windows.Reason));
    }

    [Fact]
    public void Should_Be_Unknown_When_The_Binary_Has_No_Symbol_Table()
    {
        var unreadable = Decide("golang.org/x/text", "v0.3.7", new Dictionary<string, string> { [MetadataKeys.GoSymbolsError] = ".gopclntab is read at offset 9, outside its 8 bytes" });
        var absent = Decide("golang.org/x/text", "v0.3.7", new Dictionary<string, string>());
        var malformed = Decide("golang.org/x/text", "v0.3.7", new Dictionary<string, string> { [MetadataKeys.GoSymbols] = ":gz:not base64!" });

        Assert.Equal((ReachabilityState.Unknown, "the binary's symbol table is not readable: .gopclntab is read at offset 9, outside its 8 bytes"), (unreadable!.State, unreadable.Reason));
        Assert.Equal((ReachabilityState.Unknown, "no symbol table recorded for the binary"), (absent!.State, absent.Reason));
        Assert.Equal(ReachabilityState.Unknown, malformed!.State);
    }

    [Fact]
    public void Should_Be_Unknown_When_The_Advisory_Names_No_Imports_And_Undecided_For_Other_Packages()
    {
        var package = Package("golang.org/x/text", "v0.3.7", Metadata("-"));
        var noImports = new AffectedPackage { VulnerabilityId = "GO-X", Namespace = "Go", Name = "golang.org/x/text" };
        var python = new AffectedPackage { VulnerabilityId = "PYSEC-X", Namespace = "PyPI", Name = "x", GoImports = [new GoImport("x", [], [], [])] };

        Assert.Equal(ReachabilityState.Unknown, GoReachability.Decide(package, noImports)!.State);
        Assert.Null(GoReachability.Decide(package, python));
    }

    [Fact]
    public void Should_Carry_Reachability_On_The_Findings_Of_The_Matcher()
    {
        using var store = _database.Open();
        var sbom = new Sbom
        {
            Source = new ImageDescription { Input = "test", Kind = "dir" },
            Packages = [Package("golang.org/x/text", "v0.3.7", Metadata("golang.org/x/text/language:Parse"))],
        };

        var finding = Assert.Single(VulnerabilityMatcher.Match(sbom, store).Findings);

        Assert.Equal("GO-2022-1059", finding.Vulnerability.Id);
        Assert.Equal(ReachabilityState.Unreachable, finding.Reachability!.State);
    }

    private Reachability? Decide(string name, string version, Dictionary<string, string> metadata)
    {
        using var store = _database.Open();
        var package = Package(name, version, metadata);
        return store.FindAffected("Go", name).Select(a => GoReachability.Decide(package, a)).First();
    }

    private static Dictionary<string, string> Metadata(string symbols) =>
        new() { [MetadataKeys.GoOs] = "linux", [MetadataKeys.Architecture] = "amd64", [MetadataKeys.GoSymbols] = symbols };

    private static Package Package(string name, string version, Dictionary<string, string> metadata) => new()
    {
        Name = name,
        Version = version,
        Type = PackageType.GoModule,
        FoundBy = "go-module-binary-cataloger",
        Locations = [new Location("/usr/bin/app", "sha256:1")],
        Metadata = metadata,
    };
}
