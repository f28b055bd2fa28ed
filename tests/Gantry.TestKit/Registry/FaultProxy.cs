using System.Net;

namespace Gantry.TestKit.Registry;

/// <summary>
/// A loopback reverse proxy in front of a real server (a <see cref="LocalRegistry"/>, a notary-server) that injects
/// faults into matching GET requests: an error status (with Retry-After) a given number of times, a connection
/// dropped halfway through the body, one flipped byte in the body, or a body the test rewrites (tampered, replayed
/// or oversized metadata). Every request is recorded.
/// </summary>
public sealed class FaultProxy : IDisposable
{
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Transfer-Encoding", "Content-Length", "Keep-Alive", "Expect",
    };

    private readonly HttpListener _listener = new();
    private readonly HttpClient _upstream = new(new SocketsHttpHandler { AllowAutoRedirect = false });
    private readonly string _target;
    private readonly List<Fault> _faults = [];
    private readonly Task _loop;

    public FaultProxy(LocalRegistry target)
        : this($"http://{target.Host}")
    {
    }

    /// <summary>A proxy in front of <paramref name="targetUrl"/> (<c>http://HOST:PORT</c>).</summary>
    public FaultProxy(string targetUrl)
    {
        _target = targetUrl.TrimEnd('/');
        Port = LoopbackPorts.Free();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>The proxy as references name it: <c>127.0.0.1:PORT</c>.</summary>
    public string Host => $"127.0.0.1:{Port}";

    /// <summary>The proxy's URL without a trailing slash: <c>http://127.0.0.1:PORT</c>.</summary>
    public string Url => $"http://{Host}";

    /// <summary>
    /// Called for every successful GET with the path and query and the real body; what it returns is served instead.
    /// Null (the default) serves the real body.
    /// </summary>
    public Func<string, byte[], byte[]>? Rewrite { get; set; }

    /// <summary>Every request seen: method, path and query, and the Range header if any.</summary>
    public List<(string Method, string Path, string? Range)> Requests { get; } = [];

    /// <summary>Answers <paramref name="status"/> instead of forwarding, <paramref name="times"/> times.</summary>
    public void FailWith(string pathContains, int status, int times, int? retryAfterSeconds = null) =>
        Add(new Fault(pathContains, FaultKind.Status, times) { Status = status, RetryAfter = retryAfterSeconds });

    /// <summary>Sends half the body, then drops the connection, <paramref name="times"/> times.</summary>
    public void DropMidBody(string pathContains, int times) => Add(new Fault(pathContains, FaultKind.Drop, times));

    /// <summary>Flips one byte in the middle of every matching body.</summary>
    public void FlipByte(string pathContains) => Add(new Fault(pathContains, FaultKind.Flip, int.MaxValue));

    public void Dispose()
    {
        _listener.CloseQuietly();
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

    private void Add(Fault fault)
    {
        lock (_faults)
        {
            _faults.Add(fault);
        }
    }

    private Fault? Take(string path, string method)
    {
        lock (_faults)
        {
            var fault = _faults.FirstOrDefault(f => f.Remaining > 0 && method == "GET" && path.Contains(f.PathContains, StringComparison.Ordinal));
            if (fault is not null)
            {
                fault.Remaining--;
            }

            return fault;
        }
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
            Requests.Add((request.HttpMethod, path, request.Headers["Range"]));
        }

        var response = context.Response;
        try
        {
            var fault = Take(path, request.HttpMethod);
            if (fault?.Kind == FaultKind.Status)
            {
                response.StatusCode = fault.Status;
                if (fault.RetryAfter is { } seconds)
                {
                    response.AddHeader("Retry-After", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                response.Close();
                return;
            }

            using var forward = new HttpRequestMessage(new HttpMethod(request.HttpMethod), _target + path);
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

            // The registry builds Location URLs from Host: keep them pointing at the proxy.
            forward.Headers.Host = Host;
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

            if (request.HttpMethod == "HEAD")
            {
                response.ContentLength64 = upstream.Content.Headers.ContentLength ?? 0;
                response.Close();
                return;
            }

            response.ContentLength64 = content.Length;
            if (fault?.Kind == FaultKind.Flip && content.Length > 0)
            {
                content[content.Length / 2] ^= 0x01;
            }

            if (fault?.Kind == FaultKind.Drop && content.Length > 1)
            {
                await response.OutputStream.WriteAsync(content.AsMemory(0, content.Length / 2));
                await response.OutputStream.FlushAsync();
                response.Abort();
                return;
            }

            await response.OutputStream.WriteAsync(content);
            response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or HttpRequestException or ObjectDisposedException)
        {
            response.Abort();
        }
    }

    private enum FaultKind
    {
        Status,
        Drop,
        Flip,
    }

    private sealed record Fault(string PathContains, FaultKind Kind, int Times)
    {
        public int Remaining { get; set; } = Times;

        public int Status { get; init; }

        public int? RetryAfter { get; init; }
    }
}
