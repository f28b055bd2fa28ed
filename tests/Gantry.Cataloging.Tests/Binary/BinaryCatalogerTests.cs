using System.Text.RegularExpressions;
using Gantry.Cataloging.Binary;
using Gantry.Cataloging.Tests.Fixtures;
using Gantry.Core;
using Gantry.TestKit;
using Gantry.TestKit.Tools;
using Gantry.TestKit.Traits;

namespace Gantry.Cataloging.Tests.Binary;

/// <summary>
/// Real binaries copied from this machine into a folder the way users copy them into images, each
/// version checked against what the tool itself prints.
/// </summary>
public sealed class BinaryCatalogerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gantry-binaries-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Slow(SlowBecause.ExternalTool)]
    [Fact]
    public async Task Should_FindVersionsTheToolsReport_When_BinariesAreCopiedWithoutAPackageManager()
    {
        await ToolInstaller.EnsureAptPackageAsync("busybox", "/bin/busybox");
        await ToolInstaller.EnsureAptPackageAsync("python3.11-minimal", "/usr/bin/python3.11");
        await ToolInstaller.EnsureAptPackageAsync("openjdk-17-jre-headless", "/usr/lib/jvm/java-17-openjdk-amd64/release");
        await ToolInstaller.EnsureAptPackageAsync("nodejs", "/usr/include/node/node_version.h");
        Copy("/usr/bin/python3.11", "usr/local/bin/python3.11");
        Copy("/usr/lib/x86_64-linux-gnu/libcrypto.so.3", "usr/local/lib/libcrypto.so.3");
        Copy("/bin/busybox", "bin/busybox");
        Copy("/usr/lib/jvm/java-17-openjdk-amd64/release", "opt/java/openjdk/release");
        Copy("/usr/include/node/node_version.h", "usr/local/include/node/node_version.h");
        var expected = new[]
        {
            $"busybox@{Version(await Run.ToolAsync("/bin/busybox"), @"BusyBox v(?<v>\S+)").Split(' ')[0]}",
            $"node@{Version(await Run.ToolAsync("node", "--version"), @"v(?<v>\S+)")}",
            $"openjdk@{Version((await ProcessRunner.RunAsync("/usr/lib/jvm/java-17-openjdk-amd64/bin/java", ["-XshowSettings:properties", "-version"])).Stderr, @"java\.version = (?<v>\S+)")}",
            $"openssl@{Version(await Run.ToolAsync("openssl", "version"), @"OpenSSL (?<v>\S+)")}",
            $"python@{Version(await Run.ToolAsync("/usr/bin/python3.11", "--version"), @"Python (?<v>\S+)")}",
        };

        var (result, _) = await Catalog.DirectoryAsync(_root, new BinaryCataloger());

        Assert.Equal(expected, result.Packages.Select(p => $"{p.Name}@{p.Version}").Order(StringComparer.Ordinal));
        var python = Assert.Single(result.Packages, p => p.Name == "python");
        Assert.Equal("/usr/local/bin/python3.11", python.Locations[0].Path);
        Assert.Equal("medium", python.GetMetadata("confidence"));
        Assert.Contains("python3.11", python.GetMetadata("evidence"), StringComparison.Ordinal);
        Assert.Equal($"cpe:2.3:a:python:python:{python.Version}:*:*:*:*:*:*:*", Assert.Single(python.Cpes));
        Assert.Equal("high", result.Packages.Single(p => p.Name == "openjdk").GetMetadata("confidence"));
        Assert.All(result.Packages, p => Assert.Equal(PackageType.Binary, p.Type));
    }

    [Fact]
    public void Should_RequireFileNameAndVersionToAgree_When_ClassifyingPython()
    {
        var python = BinaryClassifiers.All.Single(c => c.Product == "python");
        var content = "junk\u00003.10.4\u0000more\u00003.11.9\u0000"u8.ToArray();

        Assert.Equal("3.11.9", python.Match("/usr/bin/python3.11", content)?.Version);
        Assert.Null(python.Match("/usr/bin/python3.12", content));
        Assert.Null(python.Match("/usr/bin/perl", content));
    }

    private static string Version(string output, string pattern) => Regex.Match(output, pattern, RegexOptions.Multiline).Groups["v"].Value;

    private void Copy(string from, string to)
    {
        var target = Path.Combine(_root, to);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(from, target);
    }
}
