namespace Gantry.TestKit.Notary;

/// <summary>
/// The notary-server of one test run, started on first use and stopped at the end; use it as an xunit collection
/// fixture so every class in <see cref="NotaryCollection"/> shares the process. Tests pick their own GUNs, so they do
/// not see each other's data. A test that needs a server of its own (another root for a GUN) calls
/// <see cref="NotaryServer.StartAsync"/> itself and disposes it.
/// </summary>
public sealed class NotaryFixture : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<string> _trustDirs = [];
    private NotaryServer? _server;

    public async Task<NotaryServer> ServerAsync()
    {
        await _gate.WaitAsync();
        try
        {
            return _server ??= await NotaryServer.StartAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A notary CLI on the shared server with a fresh trust dir under the temp folder.</summary>
    public async Task<NotaryCli> CliAsync(string passphrase = "test-passphrase")
    {
        var server = await ServerAsync();
        var trustDir = Path.Combine(Path.GetTempPath(), "gantry-notary-trust-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(trustDir);
        lock (_trustDirs)
        {
            _trustDirs.Add(trustDir);
        }

        return new NotaryCli(server.Url, trustDir, passphrase);
    }

    public void Dispose()
    {
        _server?.Dispose();
        _gate.Dispose();
        foreach (var dir in _trustDirs)
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // Left to the OS's temp cleanup.
            }
        }
    }
}
