using System.Security.Cryptography;
using System.Text;
using Gantry.TestKit.Tools;

namespace Gantry.TestKit.Images;

/// <summary>
/// Go programs that import <c>golang.org/x/text/language</c>, compiled by the real toolchain (Debian's
/// <c>golang-go</c>) with no network: the module is vendored from Debian's <c>golang-golang-x-text-dev</c> source. The
/// binaries are cached under the temp folder by the hash of their source and build settings.
/// </summary>
/// <remarks>
/// The vendored code is Debian's x/text 0.7.0, but <c>go.mod</c> and <c>vendor/modules.txt</c> name it
/// <c>v0.3.7</c>, so that the build info records a version GO-2022-1059 (fixed in 0.3.8) affects: the fixture is
/// about what the binary links, not about which x/text it really is.
/// </remarks>
public static class GoTextBinary
{
    public const string LabelledVersion = "v0.3.7";

    private const string XTextSource = "/usr/share/gocode/src/golang.org/x/text";

    /// <summary>Calls <c>language.Parse</c> only: GO-2022-1059's <c>MatchStrings</c> and <c>ParseAcceptLanguage</c> are not linked.</summary>
    public const string CallsParse = """
        package main

        import (
        	"fmt"
        	"os"

        	"golang.org/x/text/language"
        )

        func main() {
        	tag, err := language.Parse(os.Args[len(os.Args)-1])
        	fmt.Println(tag, err)
        }
        """;

    /// <summary>Calls <c>language.ParseAcceptLanguage</c>, one of GO-2022-1059's symbols.</summary>
    public const string CallsParseAcceptLanguage = """
        package main

        import (
        	"fmt"
        	"os"

        	"golang.org/x/text/language"
        )

        func main() {
        	tags, weights, err := language.ParseAcceptLanguage(os.Args[len(os.Args)-1])
        	fmt.Println(tags, weights, err)
        }
        """;

    /// <summary>Builds <paramref name="mainGo"/> as module <c>example.com/fixture</c> for linux/amd64 and returns the binary's path.</summary>
    public static async Task<string> BuildAsync(string mainGo)
    {
        ArgumentNullException.ThrowIfNull(mainGo);
        await ToolInstaller.EnsureAptPackageAsync("golang-go", "/usr/bin/go");
        await ToolInstaller.EnsureAptPackageAsync("golang-golang-x-text-dev", Path.Combine(XTextSource, "language/parse.go"));
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"v1\n{LabelledVersion}\n{mainGo}")))[..16];
        var folder = Path.Combine(Path.GetTempPath(), "gantry-fixtures", "go-text-" + key);
        var binary = Path.Combine(folder, "fixture");
        Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
        using var _ = await FileLock.AcquireAsync(folder + ".lock", TimeSpan.FromMinutes(10));
        if (File.Exists(binary))
        {
            return binary;
        }

        var work = Directory.CreateTempSubdirectory("gantry-go-build-").FullName;
        try
        {
            await WriteModuleAsync(work, mainGo);
            var output = Path.Combine(work, "fixture");
            var result = await ProcessRunner.RunAsync("go", ["build", "-o", output, "."], workingDirectory: work,
                environment: new Dictionary<string, string>
                {
                    ["GOFLAGS"] = "-mod=vendor", ["GOPROXY"] = "off", ["GOTOOLCHAIN"] = "local", ["GOCACHE"] = Path.Combine(work, "gocache"),
                    ["GOPATH"] = Path.Combine(work, "gopath"), ["HOME"] = work, ["CGO_ENABLED"] = "0", ["GOOS"] = "linux", ["GOARCH"] = "amd64",
                },
                timeout: TimeSpan.FromMinutes(5));
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"go build failed ({result.ExitCode}): {result.Stderr}");
            }

            Directory.CreateDirectory(folder);
            File.Copy(output, binary + ".tmp", overwrite: true);
            File.Move(binary + ".tmp", binary);
            return binary;
        }
        finally
        {
            await ProcessRunner.RunAsync("chmod", ["-R", "u+w", work]); // the Go cache's files are read-only
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The main module, and x/text copied into <c>vendor/</c> with every package it holds listed in <c>modules.txt</c>.</summary>
    private static async Task WriteModuleAsync(string work, string mainGo)
    {
        await File.WriteAllTextAsync(Path.Combine(work, "main.go"), mainGo);
        await File.WriteAllTextAsync(Path.Combine(work, "go.mod"), $"module example.com/fixture\n\ngo 1.19\n\nrequire golang.org/x/text {LabelledVersion}\n");
        var vendored = Path.Combine(work, "vendor/golang.org/x/text");
        var packages = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(XTextSource, "*.go", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(XTextSource, file);
            if (relative.Split('/').Contains("testdata"))
            {
                continue;
            }

            var target = Path.Combine(vendored, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            if (!file.EndsWith("_test.go", StringComparison.Ordinal))
            {
                var directory = Path.GetDirectoryName(relative)!;
                packages.Add(directory.Length == 0 ? "golang.org/x/text" : "golang.org/x/text/" + directory);
            }
        }

        await File.WriteAllTextAsync(Path.Combine(work, "vendor/modules.txt"),
            $"# golang.org/x/text {LabelledVersion}\n## explicit; go 1.17\n{string.Join('\n', packages)}\n");
    }
}
