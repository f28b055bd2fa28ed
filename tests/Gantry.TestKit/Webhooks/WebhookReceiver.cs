using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Gantry.TestKit.Webhooks;

/// <summary>A webhook receiver on 127.0.0.1 and a free port: records each POST and answers the scripted statuses in turn, then 200.</summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<int> _script;
    private readonly Task _loop;

    public WebhookReceiver(params int[] statuses)
    {
        _script = new ConcurrentQueue<int>(statuses);
        Url = $"http://127.0.0.1:{LoopbackPorts.Free()}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    /// <summary>Every request received, with the status it was answered.</summary>
    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    public IReadOnlyList<ReceivedWebhook> Delivered => Received.Where(r => r.AnsweredWith == 200).ToList();

    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(Func<ReceivedWebhook, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !Delivered.Any(match))
        {
            await Task.Delay(100);
        }

        return Delivered.Where(match).ToList();
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
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var status = _script.TryDequeue(out var scripted) ? scripted : 200;
            Received.Enqueue(new ReceivedWebhook(context.Request.Url!.AbsolutePath, body, context.Request.Headers["X-Gantry-Signature"],
                context.Request.Headers["Idempotency-Key"], context.Request.Headers["Authorization"], status));
            context.Response.StatusCode = status;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.CloseQuietly();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}

public sealed record ReceivedWebhook(string Path, string Body, string? Signature, string? IdempotencyKey, string? Authorization, int AnsweredWith);
