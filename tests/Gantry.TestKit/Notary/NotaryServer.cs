using System.Diagnostics;
using System.Net;
using Gantry.TestKit.Registry;
using Gantry.TestKit.Tools;

namespace Gantry.TestKit.Notary;

/// <summary>
/// Debian's <c>notary-server</c> (Notary v1, 0.7.0) on 127.0.0.1 with a free port: memory storage, the built-in
/// "local" ed25519 signer, plain HTTP, config and log in a temp folder. All trust data lives in the process, so each
/// instance is an independent server (a GUN can have another root on another instance). Disposing stops the process.
/// </summary>
public sealed class NotaryServer : IDisposable
{
    private readonly Process _process;
    private readonly string _root;

    private NotaryServer(Process process, string root, int port)
    {
        _process = process;
        _root = root;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The server URL without a trailing slash: <c>http://127.0.0.1:PORT</c>.</summary>
    public string Url => $"http://127.0.0.1:{Port}";

    public string LogPath => Path.Combine(_root, "server.log");

    /// <summary>Installs the Debian package that ships <c>notary</c> and <c>notary-server</c> on a clean machine.</summary>
    public static async Task EnsureToolsAsync()
    {
        await ToolInstaller.EnsureAptPackageAsync("notary", "/usr/bin/notary-server");
        await ToolInstaller.EnsureAptPackageAsync("notary", "/usr/bin/notary");
    }

    /// <summary>Starts a new, empty server; call it again for a second independent one.</summary>
    public static async Task<NotaryServer> StartAsync()
    {
        await EnsureToolsAsync();
        var root = Path.Combine(Path.GetTempPath(), "gantry-notary-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var port = LocalRegistry.FreePort();
        var configPath = Path.Combine(root, "server.json");
        await File.WriteAllTextAsync(configPath,
            $$$"""{"server":{"http_addr":"127.0.0.1:{{{port}}}"},"trust_service":{"type":"local"},"storage":{"backend":"memory"},"logging":{"level":"error"}}""");
        var info = new ProcessStartInfo("notary-server") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-config");
        info.ArgumentList.Add(configPath);
        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start notary-server");
        var log = File.CreateText(Path.Combine(root, "server.log"));
        log.AutoFlush = true;
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new NotaryServer(process, root, port);
        try
        {
            await server.WaitReadyAsync();
        }
        catch
        {
            server.Dispose();
            throw;
        }

        return server;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // The log may still be held open for a moment; the temp folder is cleaned by the OS.
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    private async Task WaitReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        for (var i = 0; i < 200; i++)
        {
            if (_process.HasExited)
            {
                break;
            }

            try
            {
                using var response = await http.GetAsync($"{Url}/_notary_server/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException($"notary-server did not come up on {Url}: {await File.ReadAllTextAsync(LogPath)}");
    }
}
