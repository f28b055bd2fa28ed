using System.Diagnostics;
using System.Net;

namespace Gantry.TestKit;

/// <summary>
/// A server a test starts (Debian's docker-registry, notary-server): its output goes to a log file in its own temp
/// folder, start-up waits until a URL answers as ready, and disposing kills it and deletes the folder.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, string root, string logPath)
    {
        _process = process;
        Root = root;
        LogPath = logPath;
    }

    /// <summary>The server's temp folder (config, data, log).</summary>
    public string Root { get; }

    public string LogPath { get; }

    /// <summary>
    /// Starts <paramref name="fileName"/>, with <paramref name="environment"/> over the test process's variables, and
    /// polls <paramref name="readyUrl"/> until <paramref name="isReady"/> accepts its status.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string fileName, IEnumerable<string> arguments, string root, string logName, Uri readyUrl,
        Func<HttpStatusCode, bool> isReady, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        TestCache.Apply(info.Environment);

        var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {fileName}");
        var log = File.CreateText(Path.Combine(root, logName));
        log.AutoFlush = true;
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, root, Path.Combine(root, logName));
        try
        {
            await server.WaitReadyAsync(fileName, readyUrl, isReady);
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
            Directory.Delete(Root, recursive: true);
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

    private async Task WaitReadyAsync(string fileName, Uri url, Func<HttpStatusCode, bool> isReady)
    {
        // Readiness only: the test's own client is what checks a TLS certificate.
        using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator })
        {
            Timeout = TimeSpan.FromSeconds(5),
        };
        for (var i = 0; i < 200 && !_process.HasExited; i++)
        {
            try
            {
                using var response = await http.GetAsync(url);
                if (isReady(response.StatusCode))
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

        throw new InvalidOperationException($"{fileName} did not come up on {url}: {await File.ReadAllTextAsync(LogPath)}");
    }
}
