using System.Diagnostics;
using Gantry.TestKit;

namespace Gantry.Server.Tests.Support;

/// <summary>
/// <c>gantry serve</c> as a real process on a free loopback port, over a data folder that outlives it, so a test can
/// kill it (-9) or stop it (SIGTERM) and start it again on the same state.
/// </summary>
public sealed class ServiceProcess : IDisposable
{
    public const string AdminPassword = "foobar";

    private readonly Process _process;

    private ServiceProcess(Process process, int port, string dataDirectory)
    {
        _process = process;
        Port = port;
        DataDirectory = dataDirectory;
    }

    public int Port { get; }

    public string DataDirectory { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public string Log { get; private set; } = string.Empty;

    /// <summary>Starts the service and waits (bounded) until <c>/health</c> answers.</summary>
    public static async Task<ServiceProcess> StartAsync(string dataDirectory, IDictionary<string, string>? environment = null, int? port = null)
    {
        var chosen = port ?? LoopbackPorts.Free();
        var gantry = Path.Combine(AppContext.BaseDirectory, "gantry.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { gantry, "serve", "--listen", $"127.0.0.1:{chosen}", "--data", dataDirectory })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["GANTRY_ADMIN_PASSWORD"] = AdminPassword;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        TestCache.Apply(info.Environment);

        var process = Process.Start(info)!;
        var service = new ServiceProcess(process, chosen, dataDirectory);
        var log = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); service.Log = log.ToString(); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); service.Log = log.ToString(); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient();
        await Poll.UntilAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"gantry serve exited ({process.ExitCode}): {service.Log}");
            }

            try
            {
                return (await http.GetAsync(service.BaseUrl + "/health")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "gantry serve to answer /health");
        return service;
    }

    /// <summary>SIGKILL: no chance to clean up.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, then waits (bounded) for the graceful shutdown; returns the exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        await ProcessRunner.RunAsync("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }
}
