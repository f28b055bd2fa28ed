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
    private TokenIssuer? _issuer;

    public async Task<LocalRegistry> PlainAsync() => await StartOnceAsync(() => _plain, r => _plain = r, RegistryAuth.None);

    public async Task<LocalRegistry> BasicAsync() => await StartOnceAsync(() => _basic, r => _basic = r, RegistryAuth.Htpasswd);

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
        _issuer?.Dispose();
        _gate.Dispose();
    }

    private async Task<LocalRegistry> StartOnceAsync(Func<LocalRegistry?> get, Action<LocalRegistry> set, RegistryAuth auth)
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

            var started = await LocalRegistry.StartAsync(auth, _issuer);
            set(started);
            return started;
        }
        finally
        {
            _gate.Release();
        }
    }
}
