namespace Gantry.TestKit.Registry;

/// <summary>
/// The registries of one test run, each started on first use and stopped at the end: plain,
/// htpasswd basic auth, and bearer tokens from a <see cref="TokenIssuer"/>. Use it as an xunit
/// collection fixture so every test class in the collection shares the processes.
/// </summary>
public sealed class RegistryFixture : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private LocalRegistry? _plain;
    private LocalRegistry? _basic;
    private LocalRegistry? _token;
    private LocalRegistry? _tls;
    private TokenIssuer? _issuer;

    public async Task<LocalRegistry> PlainAsync() => await StartOnceAsync(() => _plain, r => _plain = r, RegistryAuth.None);

    public async Task<LocalRegistry> BasicAsync() => await StartOnceAsync(() => _basic, r => _basic = r, RegistryAuth.Htpasswd);

    /// <summary>A registry served over TLS with a self-signed certificate (<see cref="LocalRegistry.CaFile"/>).</summary>
    public async Task<LocalRegistry> TlsAsync() => await StartOnceAsync(() => _tls, r => _tls = r, RegistryAuth.None, tls: true);

    public async Task<(LocalRegistry Registry, TokenIssuer Issuer)> TokenAsync()
    {
        var registry = await StartOnceAsync(() => _token, r => _token = r, RegistryAuth.Token);
        return (registry, _issuer!);
    }

    public void Dispose()
    {
        _plain?.Dispose();
        _basic?.Dispose();
        _token?.Dispose();
        _tls?.Dispose();
        _issuer?.Dispose();
        _gate.Dispose();
    }

    private async Task<LocalRegistry> StartOnceAsync(Func<LocalRegistry?> get, Action<LocalRegistry> set, RegistryAuth auth, bool tls = false)
    {
        await _gate.WaitAsync();
        try
        {
            if (get() is { } running)
            {
                return running;
            }

            if (auth == RegistryAuth.Token)
            {
                _issuer ??= new TokenIssuer();
            }

            var started = await LocalRegistry.StartAsync(auth, _issuer, tls);
            set(started);
            return started;
        }
        finally
        {
            _gate.Release();
        }
    }
}
