using System.Text;
using System.Text.RegularExpressions;
using Gantry.Cataloging.Secrets;
using Gantry.Core;
using Gantry.Core.Secrets;
using Gantry.Images.Layers;

namespace Gantry.Cataloging.Tests.Secrets;

/// <summary>The secret scan over a real layer walk of a folder, with files built to hurt it.</summary>
public sealed class SecretCatalogerTests : IDisposable
{
    private const string Key = "AKIAQWERTYUIOPASDFGH";
    private static readonly string KeyLine = $"aws_access_key_id = {Key}\n";
    private readonly string _root = Directory.CreateTempSubdirectory("gantry-secrets-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Should_Find_Only_The_Readable_Text_Secret_When_Other_Candidates_Are_Huge_Binary_Or_One_Long_Line()
    {
        Write("app/.env", "NODE_ENV=production\n" + KeyLine);
        Write("app/tool.bin", [.. Encoding.UTF8.GetBytes(KeyLine), 0, 1, 2]);
        Write("app/one-line.txt", KeyLine.TrimEnd() + new string('x', 10 * 1024 * 1024));
        using (var huge = File.Create(Path.Combine(_root, "app/huge.env")))
        {
            huge.SetLength(AnalysisLimits.Default.MaxFileSize + 1);
        }

        var (result, diagnostics) = await CatalogAsync(SecretRuleSet.AnchoreDefaults);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(("/app/.env", 2, "AKIA****************", SecretSource.File), (finding.Path, finding.Line, finding.RedactedMatch, finding.Source));
        Assert.Null(finding.LayerDiffId);
        Assert.Contains(diagnostics, d => d.Code == DiagnosticCodes.FileTooLarge && d.Path == "/app/huge.env");
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public async Task Should_Leave_Non_Candidates_Unread_When_Another_Request_Buffered_Them()
    {
        Write("usr/share/doc/readme.txt", KeyLine);

        var view = await LayerWalker.WalkDirectoryAsync(_root, ["/usr/share/doc/readme.txt"], AnalysisLimits.Default, CancellationToken.None);
        var result = new SecretCataloger(SecretRuleSet.AnchoreDefaults).Catalog(view, new ImageConfigSummary(), CancellationToken.None);

        Assert.True(view.TryReadFile("/usr/share/doc/readme.txt", out _));
        Assert.Empty(result.Findings);
    }

    [Fact]
    public async Task Should_Record_A_Diagnostic_And_Go_On_When_A_Rule_Times_Out()
    {
        Write("app/.env", new string('a', 50_000) + "!\n" + KeyLine);
        var catastrophic = new SecretRule { Id = "slow", Regex = new Regex(@"^(\w+\s?)*$", RegexOptions.Multiline, TimeSpan.FromMilliseconds(20)) };
        var rules = new SecretRuleSet([catastrophic, .. AnchoreSecretRules.All], []);

        var (result, _) = await CatalogAsync(rules);

        Assert.Equal(AnchoreSecretRules.AwsAccessKey, Assert.Single(result.Findings).RuleId);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal((DiagnosticCodes.SecretScanTimedOut, "/app/.env"), (diagnostic.Code, diagnostic.Path));
        Assert.StartsWith("'/app/.env': secret rule slow took longer than", diagnostic.Message, StringComparison.Ordinal);
    }

    private async Task<(SecretScanResult Result, IReadOnlyList<Diagnostic> WalkDiagnostics)> CatalogAsync(SecretRuleSet rules)
    {
        var view = await LayerWalker.WalkDirectoryAsync(_root, SecretCataloger.RequestedGlobs, AnalysisLimits.Default, CancellationToken.None);
        return (new SecretCataloger(rules).Catalog(view, new ImageConfigSummary(), CancellationToken.None), view.Diagnostics);
    }

    private void Write(string relative, string content) => Write(relative, Encoding.UTF8.GetBytes(content));

    private void Write(string relative, byte[] content)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }
}
