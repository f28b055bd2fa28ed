using System.Net;
using Gantry.TestKit.Registry;

namespace Gantry.TestKit.Notary;

/// <summary>
/// A loopback reverse proxy in front of a real <see cref="NotaryServer"/> that lets a test rewrite the body of chosen
/// answers, to serve tampered, replayed or oversized metadata from an otherwise real server. Requests are forwarded as
/// they come (method, path, body, content type); every request path is recorded.
/// </summary>
public sealed class TamperingNotaryProxy : IDisposable
{
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Transfer-Encoding", "Content-Length", "Keep-Alive", "Expect",
    };

    private readonly HttpListener _listener = new();
    private readonly HttpClient _upstream = new(new SocketsHttpHandler { AllowAutoRedirect = false });
    private readonly string _target;
    private readonly Task _loop;

    public TamperingNotaryProxy(string targetUrl)
    {
        _target = targetUrl.TrimEnd('/');
        Port = LocalRegistry.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public TamperingNotaryProxy(NotaryServer target)
        : this(target.Url)
    {
    }

    public int Port { get; }

    /// <summary>The proxy's URL without a trailing slash: <c>http://127.0.0.1:PORT</c>.</summary>
    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>
    /// Called for every successful GET with the path (e.g. <c>/v2/GUN/_trust/tuf/timestamp.json</c>) and the real body;
    /// what it returns is served instead. Null (the default) serves the real body.
    /// </summary>
    public Func<string, byte[], byte[]>? Rewrite { get; set; }

    /// <summary>Every request seen: method and path with query.</summary>
    public List<(string Method, string Path)> Requests { get; } = [];

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The accept loop ends with an exception when the listener closes.
        }

        _upstream.Dispose();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
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
        var request = context.Request;
        var path = request.Url!.PathAndQuery;
        lock (Requests)
        {
            Requests.Add((request.HttpMethod, path));
        }

        var response = context.Response;
        try
        {
            // RawUrl keeps the path exactly as the client escaped it.
            using var forward = new HttpRequestMessage(new HttpMethod(request.HttpMethod), _target + request.RawUrl);
            if (request.HasEntityBody)
            {
                var body = new MemoryStream();
                await request.InputStream.CopyToAsync(body);
                forward.Content = new ByteArrayContent(body.ToArray());
            }

            foreach (var name in request.Headers.AllKeys.OfType<string>().Where(n => !HopHeaders.Contains(n)))
            {
                var values = request.Headers.GetValues(name) ?? [];
                if (!forward.Headers.TryAddWithoutValidation(name, values) && forward.Content is not null)
                {
                    forward.Content.Headers.TryAddWithoutValidation(name, values);
                }
            }

            using var upstream = await _upstream.SendAsync(forward);
            var content = await upstream.Content.ReadAsByteArrayAsync();
            if (request.HttpMethod == "GET" && upstream.IsSuccessStatusCode && Rewrite is { } rewrite)
            {
                content = rewrite(path, content);
            }

            response.StatusCode = (int)upstream.StatusCode;
            foreach (var header in upstream.Headers.Concat(upstream.Content.Headers).Where(h => !HopHeaders.Contains(h.Key)))
            {
                foreach (var value in header.Value)
                {
                    response.AddHeader(header.Key, value);
                }
            }

            response.ContentLength64 = content.Length;
            await response.OutputStream.WriteAsync(content);
            response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or HttpRequestException or ObjectDisposedException)
        {
            response.Abort();
        }
    }
}
