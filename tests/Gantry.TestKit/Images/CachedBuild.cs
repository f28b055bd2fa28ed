using System.Security.Cryptography;

namespace Gantry.TestKit.Images;

/// <summary>
/// Runs a fixture build script once per machine: the output folder is keyed by the hash of the files that make it
/// (<c>inputs</c>: the scripts, and any source the script builds from; the last one is the script run),
/// a lock file serializes concurrent builders (several test assemblies run at once), and a <c>.done</c> stamp marks a
/// finished build so an interrupted one is redone.
/// </summary>
internal static class CachedBuild
{
    public static async Task<string> RunAsync(string name, IReadOnlyList<string> inputs, Func<string, string[]> arguments, TimeSpan timeout)
    {
        var hash = SHA256.Create();
        foreach (var input in inputs)
        {
            var bytes = await File.ReadAllBytesAsync(input);
            hash.TransformBlock(bytes, 0, bytes.Length, null, 0);
        }

        hash.TransformFinalBlock([], 0, 0);
        var cacheRoot = Path.Combine(Path.GetTempPath(), "gantry-fixtures");
        Directory.CreateDirectory(cacheRoot);
        var key = $"{name}-{Convert.ToHexStringLower(hash.Hash!)[..12]}";
        var directory = Path.Combine(cacheRoot, key);
        var done = Path.Combine(directory, ".done");
        using var fileLock = await FileLock.AcquireAsync(Path.Combine(cacheRoot, key + ".lock"), timeout);
        if (!File.Exists(done))
        {
            var result = await ProcessRunner.RunAsync("bash", [inputs[^1], .. arguments(directory)], timeout: timeout);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"{Path.GetFileName(inputs[^1])} failed ({result.ExitCode}):\n{result.Stdout}\n{result.Stderr}");
            }

            await File.WriteAllTextAsync(done, DateTimeOffset.UtcNow.ToString("O"));
        }

        return directory;
    }
}
