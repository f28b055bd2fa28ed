using System.Net;

namespace Gantry.TestKit.Registry;

/// <summary>A tiny HTTP server on 127.0.0.1 whose answers a test writes itself, for registry behaviour the real one lacks.</summary>
public sealed class LoopbackServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public LoopbackServer(Action<HttpListenerContext> handle)
    {
        Port = LoopbackPorts.Free();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(async () =>
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

                try
                {
                    handle(context);
                }
                finally
                {
                    context.Response.Close();
                }
            }
        });
    }

    public int Port { get; }

    public string Host => $"127.0.0.1:{Port}";

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
    }
}
