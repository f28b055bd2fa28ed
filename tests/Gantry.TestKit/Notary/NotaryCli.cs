using System.Text.RegularExpressions;

namespace Gantry.TestKit.Notary;

/// <summary>
/// The real <c>notary</c> client (Debian's 0.7.0) against one server and one trust dir: <c>notary -s URL -d DIR …</c>,
/// with every key passphrase (root, targets, snapshot, delegation) given through the environment as notary reads them.
/// <paramref name="login"/> (user and password) answers an auth-enabled server through <c>NOTARY_AUTH</c>, instead of notary's prompt.
/// </summary>
public sealed partial class NotaryCli(string serverUrl, string trustDir, string passphrase, (string User, string Password)? login = null)
{
    public string ServerUrl { get; } = serverUrl;

    public string TrustDir { get; } = trustDir;

    /// <summary>Runs <c>notary -s URL -d DIR <paramref name="arguments"/></c>; the caller checks the exit code.</summary>
    public Task<ProcessRunner.Result> RunAsync(params string[] arguments)
    {
        var environment = new Dictionary<string, string>
        {
            ["NOTARY_ROOT_PASSPHRASE"] = passphrase,
            ["NOTARY_TARGETS_PASSPHRASE"] = passphrase,
            ["NOTARY_SNAPSHOT_PASSPHRASE"] = passphrase,
            ["NOTARY_DELEGATION_PASSPHRASE"] = passphrase,
        };
        if (login is { } l)
        {
            environment["NOTARY_AUTH"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{l.User}:{l.Password}"));
        }

        return ProcessRunner.RunAsync("notary", ["-s", ServerUrl, "-d", TrustDir, .. arguments], environment: environment, timeout: TimeSpan.FromMinutes(2));
    }

    /// <summary>Runs notary and fails with its stderr unless it exits 0; returns stdout.</summary>
    public async Task<string> CheckedAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"notary {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Stderr}{result.Stdout}");
        }

        return result.Stdout;
    }

    /// <summary><c>init</c>, <c>add</c> one target per tag (a file holding <paramref name="content"/>), then <c>publish</c>.</summary>
    public async Task InitAndPublishAsync(string gun, IReadOnlyDictionary<string, string> tagsAndContent)
    {
        await CheckedAsync("init", gun);
        foreach (var (tag, content) in tagsAndContent)
        {
            var file = Path.Combine(TrustDir, $"target-{Guid.NewGuid():N}.txt");
            Directory.CreateDirectory(TrustDir);
            await File.WriteAllTextAsync(file, content);
            await CheckedAsync("add", gun, tag, file);
        }

        await CheckedAsync("publish", gun);
    }

    /// <summary>The rows of <c>notary list GUN</c> (NAME, DIGEST, SIZE (BYTES), ROLE); empty when the GUN has no targets.</summary>
    public async Task<IReadOnlyList<NotaryTarget>> ListAsync(string gun)
    {
        var stdout = await CheckedAsync("list", gun);
        return stdout.Split('\n')
            .Select(line => ListRow().Match(line.TrimEnd()))
            .Where(m => m.Success)
            .Select(m => new NotaryTarget(m.Groups[1].Value, m.Groups[2].Value, long.Parse(m.Groups[3].Value), m.Groups[4].Value))
            .ToList();
    }

    /// <summary><c>notary lookup GUN TAG</c> (<c>TAG sha256:HEX SIZE</c>), or null when notary finds no such tag.</summary>
    public async Task<NotaryTarget?> LookupAsync(string gun, string tag)
    {
        var result = await RunAsync("lookup", gun, tag);
        if (result.ExitCode != 0)
        {
            return null;
        }

        var match = LookupRow().Match(result.Stdout.Trim());
        return match.Success ? new NotaryTarget(match.Groups[1].Value, match.Groups[2].Value, long.Parse(match.Groups[3].Value), null) : null;
    }

    [GeneratedRegex(@"^(\S+)\s+([0-9a-f]{64})\s+(\d+)\s+(\S+)$")]
    private static partial Regex ListRow();

    [GeneratedRegex(@"^(\S+)\s+sha256:([0-9a-f]{64})\s+(\d+)$")]
    private static partial Regex LookupRow();
}

/// <summary>One target as the notary CLI prints it: the tag, the hex SHA-256, the size and (for <c>list</c>) the role that signed it.</summary>
public sealed record NotaryTarget(string Name, string Sha256Hex, long Size, string? Role);
