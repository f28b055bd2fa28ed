using Gantry.TestKit;
using Gantry.TestKit.Tools;

namespace Gantry.Cataloging.Tests.Fixtures;

/// <summary>
/// A module-mode Go binary built by the real toolchain, offline: a main module requiring two modules
/// that <c>replace</c> directives point at local folders (one replaced by another module version), so
/// the build info carries <c>mod</c>, <c>dep</c> and <c>=&gt;</c> lines without any download. Cached per machine.
/// </summary>
public static class GoModuleBinary
{
    private static readonly Lazy<Task<string>> Built = new(BuildAsync);

    /// <summary>The folder holding <c>app/bin/gantry-hello</c> (the binary) and the module sources.</summary>
    public static Task<string> GetAsync() => Built.Value;

    private static async Task<string> BuildAsync()
    {
        var cache = Path.Combine(Path.GetTempPath(), "gantry-cataloging-fixtures", "go-module-binary-v1");
        var binary = Path.Combine(cache, "root/app/bin/gantry-hello");
        if (File.Exists(binary))
        {
            return cache;
        }

        await ToolInstaller.EnsureAptPackageAsync("golang-go", "/usr/bin/go");
        using var _ = await FileLock.AcquireAsync(Path.Combine(Path.GetTempPath(), "gantry-cataloging-go.lock"), TimeSpan.FromMinutes(10));
        if (File.Exists(binary))
        {
            return cache;
        }

        await WriteAsync(cache, "greeter/go.mod", "module example.com/greeter\n\ngo 1.19\n");
        await WriteAsync(cache, "greeter/greeter.go", "package greeter\n\nfunc Hello() string { return \"hello\" }\n");
        await WriteAsync(cache, "shouter/go.mod", "module example.com/shouter\n\ngo 1.19\n");
        await WriteAsync(cache, "shouter/shouter.go", "package shouter\n\nimport \"strings\"\n\nfunc Shout(s string) string { return strings.ToUpper(s) }\n");
        await WriteAsync(cache, "hello/go.mod", """
            module example.com/hello

            go 1.19

            require (
            	example.com/greeter v1.4.0
            	example.com/shouter v0.2.1
            )

            replace example.com/greeter v1.4.0 => ../greeter

            replace example.com/shouter v0.2.1 => ../shouter
            """);
        await WriteAsync(cache, "hello/main.go", """
            package main

            import (
            	"fmt"

            	"example.com/greeter"
            	"example.com/shouter"
            )

            func main() { fmt.Println(shouter.Shout(greeter.Hello())) }
            """);
        Directory.CreateDirectory(Path.GetDirectoryName(binary)!);
        var result = await ProcessRunner.RunAsync("go", ["build", "-o", binary, "."], workingDirectory: Path.Combine(cache, "hello"),
            environment: new Dictionary<string, string>
            {
                ["GOPROXY"] = "off", ["GOFLAGS"] = "-mod=mod", ["GOCACHE"] = Path.Combine(cache, "gocache"), ["GOPATH"] = Path.Combine(cache, "gopath"),
                ["HOME"] = cache, ["CGO_ENABLED"] = "0",
            },
            timeout: TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"go build failed: {result.Stderr}");
        }

        return cache;
    }

    private static Task WriteAsync(string cache, string path, string text)
    {
        var full = Path.Combine(cache, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return File.WriteAllTextAsync(full, text);
    }
}
