using Gantry.Core;
using Gantry.Engine;
using Gantry.TestKit;
using Gantry.TestKit.Images;

namespace Gantry.Vulnerabilities.Tests.Matching;

/// <summary>A binary package as <c>dpkg-query</c> lists it, with the source package it was built from.</summary>
public sealed record InstalledDeb(string Name, string Version, string Source, string SourceVersion);

/// <summary>
/// The real Debian 12 image seen two ways, once per test run: its SBOM from Gantry's real catalogers, and its packages
/// as <c>dpkg-query</c> lists them, which the tests derive their fixtures and expectations from.
/// </summary>
internal static class RealDebianPackages
{
    private static readonly Lazy<Task<(Sbom Sbom, IReadOnlyList<InstalledDeb> Installed)>> Loaded = new(LoadAsync);

    public static Task<(Sbom Sbom, IReadOnlyList<InstalledDeb> Installed)> GetAsync() => Loaded.Value;

    /// <summary><c>dpkg --compare-versions A lt B</c>: the real dpkg's ordering, the oracle for every version decision.</summary>
    public static async Task<bool> DpkgLessThanAsync(string a, string b)
    {
        var result = await ProcessRunner.RunAsync("dpkg", ["--compare-versions", a, "lt", b]);
        return result.ExitCode switch
        {
            0 => true,
            1 => false,
            _ => throw new InvalidOperationException($"dpkg --compare-versions {a} lt {b} failed: {result.Stderr}"),
        };
    }

    private static async Task<(Sbom, IReadOnlyList<InstalledDeb>)> LoadAsync()
    {
        var image = await RealDebianImage.GetAsync();
        var sbom = await new SbomGenerator().GenerateAsync("dir:" + image.RootFs, SbomOptions.Default, null, CancellationToken.None);
        var output = await ProcessRunner.CheckedAsync("dpkg-query", "-W", "--admindir=" + Path.Combine(image.RootFs, "var/lib/dpkg"),
            "-f", "${Package}\t${Version}\t${source:Package}\t${source:Version}\n");
        var installed = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Select(f => new InstalledDeb(f[0], f[1], f[2], f[3]))
            .ToList();
        return (sbom, installed);
    }
}
