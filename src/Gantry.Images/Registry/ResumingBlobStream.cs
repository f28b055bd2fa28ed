using System.Net;
using System.Net.Http.Headers;
using Gantry.Core;
using Gantry.Core.Http;
using Gantry.Images.Blobs;

namespace Gantry.Images.Registry;

/// <summary>
/// A blob GET streamed straight from the registry (no temp copy). When the connection drops
/// before the blob's size is reached it asks again from the current offset with a Range request;
/// a registry that ignores Range sends the whole blob and the bytes already read are skipped.
/// Digest verification is the reader's job (<see cref="Blobs.VerifyingStream"/>).
/// </summary>
internal sealed class ResumingBlobStream(RegistryClient client, ImageReference repository, Digest digest, long size) : ReadOnlyStream
{
    private HttpResponseMessage? _response;
    private Stream? _body;
    private long _position;
    private int _resumes;

    public override long Length => size;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public async Task StartAsync(CancellationToken cancellationToken) => await OpenAtAsync(0, cancellationToken).ConfigureAwait(false);

    public override int Read(Span<byte> buffer)
    {
        var rented = new byte[buffer.Length];
        var read = ReadAsync(rented.AsMemory(), CancellationToken.None).AsTask().GetAwaiter().GetResult();
        rented.AsSpan(0, read).CopyTo(buffer);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            int read;
            try
            {
                read = await _body!.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (HttpRetryPipeline.IsTransient(ex, cancellationToken) && CanResume())
            {
                await ResumeAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (read == 0 && size > 0 && _position < size && buffer.Length > 0)
            {
                // The server closed the body early: resume, or fail naming the blob.
                if (!CanResume())
                {
                    throw new EnvironmentException($"{repository.RepositoryName}: blob {digest} ended after {_position} of {size} bytes");
                }

                await ResumeAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            _position += read;
            return read;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _body?.Dispose();
            _response?.Dispose();
        }

        base.Dispose(disposing);
    }

    private bool CanResume() => _resumes < client.Options.Retry.MaxRetries;

    private async Task ResumeAsync(CancellationToken cancellationToken)
    {
        // No wait of its own: the Range request goes through the client's retry pipeline, which backs off if it fails.
        _resumes++;
        await OpenAtAsync(_position, cancellationToken).ConfigureAwait(false);
    }

    private async Task OpenAtAsync(long offset, CancellationToken cancellationToken)
    {
        _body?.Dispose();
        _response?.Dispose();
        _body = null;
        _response = await client.SendAsync(repository, RegistryClient.PullScope(repository), () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, client.Url(repository, "blobs/" + digest));
            if (offset > 0)
            {
                request.Headers.Range = new RangeHeaderValue(offset, null);
            }

            return request;
        }, idempotent: true, $"GET blob {digest}", cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        if (_response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new InvalidInputException($"{repository.RepositoryName}: blob {digest} not found in the registry");
        }

        await RegistryClient.EnsureSuccessAsync(_response, $"GET blob {digest}", repository, cancellationToken).ConfigureAwait(false);
        _body = await _response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        if (offset > 0 && _response.StatusCode != HttpStatusCode.PartialContent)
        {
            await SkipAsync(offset, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SkipAsync(long count, CancellationToken cancellationToken)
    {
        var scratch = new byte[81920];
        while (count > 0)
        {
            var read = await _body!.ReadAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, count)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EnvironmentException($"{repository.RepositoryName}: blob {digest} ended early while resuming at byte {_position}");
            }

            count -= read;
        }
    }
}
