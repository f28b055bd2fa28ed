using Gantry.Engine.Evaluation;
using Gantry.Policy.Evaluation;
using Gantry.Core.Secrets;

namespace Gantry.Engine.Tests.Evaluation;

/// <summary>Builds the policy input from a <c>dir:</c> source written to disk, through the real single-pass analysis.</summary>
public sealed class PolicyInputBuilderTests : IDisposable
{
    private const string FakeKey = "AKIAQWERTYUIOPASDFGH";
    private readonly string _root = Directory.CreateTempSubdirectory("gantry-input-").FullName;

    public PolicyInputBuilderTests()
    {
        Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\napp:x:1000:1000::/home/app:/bin/sh\n");
        Write("app/.env", $"AWS_ACCESS_KEY_ID={FakeKey}\n");
        Write("usr/share/doc/readme.txt", $"AWS_ACCESS_KEY_ID={FakeKey}\n");
        Write("usr/bin/su", "binary");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(_root, "usr/bin/su"), (UnixFileMode)0b100_111_101_101);
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Should_Find_Secrets_Only_In_Requested_Files_And_Redact_Them()
    {
        var input = await BuildAsync();

        var secret = Assert.Single(input.Sbom.Secrets, s => s.Source == SecretSource.File);
        Assert.Equal("/app/.env", secret.Path);
        Assert.Equal(AnchoreSecretRules.AwsAccessKey, secret.RuleId);
        Assert.DoesNotContain(FakeKey[4..], secret.RedactedMatch, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Carry_File_Modes_With_Type_And_Setuid_Bits()
    {
        var input = await BuildAsync();

        var su = Assert.Single(input.Files, f => f.Path == "/usr/bin/su");
        Assert.True(su.IsSetUidOrSetGid);
        Assert.Equal(0x8000 | 0b100_111_101_101, su.Mode);
        Assert.False(Assert.Single(input.Files, f => f.Path == "/app/.env").IsSetUidOrSetGid);
    }

    [Fact]
    public async Task Should_Read_Passwd_And_Requested_Files_And_Hash_Files_Rules_Compare()
    {
        var input = await BuildAsync(checksumPaths: ["/etc/passwd"]);

        Assert.StartsWith("root:x:0:0", input.PasswdContents, StringComparison.Ordinal);
        Assert.NotNull(input.ReadFile!("/app/.env"));
        Assert.Null(input.ReadFile("/usr/share/doc/readme.txt"));
        Assert.Matches("^[0-9a-f]{64}$", Assert.Single(input.Files, f => f.Path == "/etc/passwd").Sha256);
    }

    [Fact]
    public async Task Should_Mark_Vulnerability_Data_Unavailable_When_Matching_Is_Skipped()
    {
        var input = await BuildAsync();

        Assert.Null(input.Feeds.LastSync);
        Assert.False(input.Feeds.DistroDataAvailable);
        Assert.Empty(input.Findings);
    }

    private async Task<PolicyInput> BuildAsync(string[]? checksumPaths = null)
    {
        var analysis = await new SbomGenerator().AnalyzeAsync($"dir:{_root}", SbomOptions.Default, [], null, CancellationToken.None);
        var vulnerabilities = VulnerabilityData.Load(analysis.Sbom, databasePath: null, databaseRequired: false, CancellationToken.None);
        return PolicyInputBuilder.Build(analysis.Sbom, analysis.Files, vulnerabilities, dockerfile: null, checksumPaths ?? []);
    }

    private void Write(string relative, string content)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
