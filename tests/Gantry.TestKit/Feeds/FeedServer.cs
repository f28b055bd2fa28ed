using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Gantry.Vulnerabilities.Import;

namespace Gantry.TestKit.Feeds;

/// <summary>
/// A loopback HTTP server (127.0.0.1, ephemeral port) that serves feeds in their upstream layouts, built on the fly
/// from the corpus, and misbehaves on request. Routes are registered per test:
/// <see cref="ServeFile"/>, <see cref="ServeOsvZip"/>, <see cref="ServeSecdbJson"/>, <see cref="ServeBytes"/>, <see cref="Fail"/>,
/// <see cref="CutShort"/> and <see cref="Slow"/>. ETag / If-None-Match is honoured so conditional requests can be tested.
/// </summary>
public sealed class FeedServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, Func<HttpListenerContext, Task>> _routes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;

    public FeedServer()
    {
        Port = LoopbackPorts.Free();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>How many requests were answered, and how many of them 304 Not Modified.</summary>
    public int Requests => _requests;

    public int NotModified { get; private set; }

    public string Url(string path) => $"{BaseUrl}/{path.TrimStart('/')}";

    public void ServeBytes(string path, byte[] body, string contentType = "application/octet-stream") =>
        _routes["/" + path.TrimStart('/')] = context => WriteAsync(context, body, contentType);

    public void ServeFile(string path, string file) => ServeBytes(path, File.ReadAllBytes(file));

    /// <summary>An OSV <c>all.zip</c> holding every file of a corpus folder, as OSV publishes per ecosystem.</summary>
    public void ServeOsvZip(string path, string folder) => ServeBytes(path, ZipFolder(folder), "application/zip");

    /// <summary>A secdb branch file as secdb.alpinelinux.org serves it: the YAML of the corpus, as JSON.</summary>
    public void ServeSecdbJson(string path, string yamlFile)
    {
        using var reader = new StreamReader(yamlFile);
        var json = YamlJson.Parse(reader)!.ToJsonString();
        ServeBytes(path, Encoding.UTF8.GetBytes(json), "application/json");
    }

    public void Fail(string path, HttpStatusCode status) =>
        _routes["/" + path.TrimStart('/')] = context =>
        {
            context.Response.StatusCode = (int)status;
            context.Response.Close();
            return Task.CompletedTask;
        };

    /// <summary>Announces the full length, sends half the body, then drops the connection.</summary>
    public void CutShort(string path, byte[] body) =>
        _routes["/" + path.TrimStart('/')] = async context =>
        {
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body.AsMemory(0, body.Length / 2));
            await context.Response.OutputStream.FlushAsync();
            context.Response.Abort();
        };

    /// <summary>Answers after <paramref name="delay"/> (bounded, so the server always stops by itself).</summary>
    public void Slow(string path, byte[] body, TimeSpan delay) =>
        _routes["/" + path.TrimStart('/')] = async context =>
        {
            try
            {
                await Task.Delay(delay, _stop.Token);
                await WriteAsync(context, body, "application/octet-stream");
            }
            catch (OperationCanceledException)
            {
                context.Response.Abort();
            }
        };

    public static byte[] ZipFolder(string folder)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).Order(StringComparer.Ordinal))
            {
                zip.CreateEntryFromFile(file, Path.GetRelativePath(folder, file).Replace('\\', '/'), CompressionLevel.Fastest);
            }
        }

        return buffer.ToArray();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.CloseQuietly();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        Interlocked.Increment(ref _requests);
        try
        {
            if (_routes.TryGetValue(context.Request.Url!.AbsolutePath, out var route))
            {
                await route(context);
            }
            else
            {
                context.Response.StatusCode = 404;
                context.Response.Close();
            }
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client went away (a test of a cut or slow response): nothing to answer.
        }
    }

    private async Task WriteAsync(HttpListenerContext context, byte[] body, string contentType)
    {
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..16]}\"";
        if (context.Request.Headers["If-None-Match"] == etag)
        {
            NotModified++;
            context.Response.StatusCode = 304;
            context.Response.Close();
            return;
        }

        context.Response.ContentType = contentType;
        context.Response.Headers["ETag"] = etag;
        context.Response.ContentLength64 = body.Length;
        await context.Response.OutputStream.WriteAsync(body);
        context.Response.Close();
    }
}
