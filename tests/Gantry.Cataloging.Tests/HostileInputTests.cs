using System.IO.Compression;
using System.Text;
using Gantry.Cataloging.Java;
using Gantry.Cataloging.Npm;
using Gantry.Cataloging.Python;
using Gantry.Cataloging.Tests.Fixtures;
using Gantry.Core;

namespace Gantry.Cataloging.Tests;

/// <summary>Files built to hurt a scanner: each must cost bounded memory, leave a diagnostic, and not stop the scan.</summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gantry-hostile-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Should_SkipInflatedEntries_When_JarIsAZipBomb()
    {
        // 200 MB of zeros deflate to about 200 KB: a nested "jar" and a pom.properties that inflate far past the limits.
        Write("opt/app/bomb.jar", Jar(("META-INF/maven/org.example/bomb/pom.properties", Pom("org.example", "bomb", "6.6.6")),
            ("lib/huge.jar", new byte[200 * 1024 * 1024]), ("META-INF/maven/org.example/huge/pom.properties", new byte[40 * 1024 * 1024])));
        Write("opt/app/fine.jar", Jar(("META-INF/maven/org.example/fine/pom.properties", Pom("org.example", "fine", "1.0"))));
        var before = GC.GetAllocatedBytesForCurrentThread();

        var (result, _) = await Catalog.DirectoryAsync(_root, new JavaArchiveCataloger());

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 32 * 1024 * 1024, "the bomb was inflated");
        Assert.Equal(["bomb@6.6.6", "fine@1.0"], result.Packages.Select(p => $"{p.Name}@{p.Version}").Order(StringComparer.Ordinal));
        Assert.Contains(result.Diagnostics, d => d.Message.StartsWith("/opt/app/bomb.jar:lib/huge.jar: entry declares 209715200 bytes", StringComparison.Ordinal));
        Assert.Contains(result.Diagnostics, d => d.Message.Contains("huge/pom.properties: entry declares", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_StopAtNestingLimit_When_JarIsNested50Deep()
    {
        var jar = Jar(("META-INF/maven/org.example/level50/pom.properties", Pom("org.example", "level50", "50.0")));
        for (var level = 49; level >= 0; level--)
        {
            jar = Jar(($"META-INF/maven/org.example/level{level}/pom.properties", Pom("org.example", $"level{level}", $"{level}.0")), ("lib/inner.jar", jar));
        }

        Write("app/deep.jar", jar);

        var (result, _) = await Catalog.DirectoryAsync(_root, new JavaArchiveCataloger());

        Assert.Equal(Enumerable.Range(0, JavaLimits.MaxNestingDepth + 1).Select(i => $"level{i}"), result.Packages.Select(p => p.Name));
        Assert.Equal("/app/deep.jar:lib/inner.jar:lib/inner.jar", result.Packages[2].GetMetadata("virtualPath"));
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Contains($"nested more than {JavaLimits.MaxNestingDepth} deep", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_ReportAndContinue_When_JarIsNotAZip()
    {
        Write("app/broken.jar", Encoding.UTF8.GetBytes("this is not a zip file"));
        Write("app/fine-2.0.jar", Jar(("README", Encoding.UTF8.GetBytes("no metadata at all"))));

        var (result, _) = await Catalog.DirectoryAsync(_root, new JavaArchiveCataloger());

        var package = Assert.Single(result.Packages);
        Assert.Equal(("fine", "2.0", "pkg:maven/fine@2.0"), (package.Name, package.Version, package.Purl!.ToString()));
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.MalformedFile, diagnostic.Code);
        Assert.StartsWith("/app/broken.jar: not a readable zip archive", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_ReportAndContinue_When_PackageJsonIsNotJson()
    {
        Write("app/node_modules/bad/package.json", Encoding.UTF8.GetBytes("{\"name\": \"bad\", \"version\": <<<"));
        Write("app/node_modules/good/package.json", Encoding.UTF8.GetBytes("""{"name": "good", "version": "1.0.0", "license": {"type": "MIT"}}"""));

        var (result, _) = await Catalog.DirectoryAsync(_root, new NpmInstalledCataloger());

        var package = Assert.Single(result.Packages);
        Assert.Equal(("good", "MIT"), (package.Name, package.Licenses.Single()));
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(("/app/node_modules/bad/package.json", DiagnosticCodes.MalformedFile), (diagnostic.Path, diagnostic.Code));
    }

    [Fact]
    public async Task Should_ReportAndContinue_When_PnpmLockIsNestedTooDeep()
    {
        // YamlDotNet builds its node tree recursively: this many open brackets would overflow the stack.
        Write("a/pnpm-lock.yaml", Encoding.UTF8.GetBytes("lockfileVersion: '9.0'\npackages: " + new string('[', 200_000) + new string(']', 200_000) + "\n"));
        Write("b/pnpm-lock.yaml", Encoding.UTF8.GetBytes("lockfileVersion: '9.0'\npackages:\n  ms@2.1.3:\n    resolution: {integrity: sha512-x}\n"));

        var (result, _) = await Catalog.DirectoryAsync(_root, new NpmLockCataloger());

        Assert.Equal("ms", Assert.Single(result.Packages).Name);
        Assert.Equal("/a/pnpm-lock.yaml: it is nested more than 64 levels deep", Assert.Single(result.Diagnostics).Message);
    }

    [Fact]
    public async Task Should_LeaveHugeMetadataUnread_When_ItIsOverTheCap()
    {
        var huge = Path.Combine(_root, "usr/lib/python3/dist-packages/huge-1.0.dist-info/METADATA");
        Directory.CreateDirectory(Path.GetDirectoryName(huge)!);
        using (var stream = File.Create(huge))
        {
            stream.Write("Metadata-Version: 2.1\nName: huge\nVersion: 1.0\n"u8);
            stream.SetLength(100L * 1024 * 1024); // sparse: 100 MB on paper, nothing on disk
        }

        Write("usr/lib/python3/dist-packages/small-2.0.dist-info/METADATA", Encoding.UTF8.GetBytes("Metadata-Version: 2.1\nName: small\nVersion: 2.0\n"));
        var before = GC.GetAllocatedBytesForCurrentThread();

        var (result, view) = await Catalog.DirectoryAsync(_root, new PythonInstalledCataloger());

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 * 1024 * 1024, "the huge file was read");
        Assert.Equal("small", Assert.Single(result.Packages).Name);
        Assert.Contains(view.Diagnostics, d => d.Code == DiagnosticCodes.FileTooLarge && d.Path == "/usr/lib/python3/dist-packages/huge-1.0.dist-info/METADATA");
    }

    private void Write(string path, byte[] content)
    {
        var full = Path.Combine(_root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
    }

    private static byte[] Pom(string groupId, string artifactId, string version) =>
        Encoding.UTF8.GetBytes($"#Generated by Maven\ngroupId={groupId}\nartifactId={artifactId}\nversion={version}\n");

    private static byte[] Jar(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }
}
