using System.Net;
using System.Text.Json;
using Gantry.Core;

namespace Gantry.Images.Registry;

/// <summary>Lists a repository's tags, following the <c>Link: &lt;…&gt;; rel="next"</c> pages.</summary>
public static class RegistryTags
{
    private const int MaxPages = 10_000;

    public static async Task<IReadOnlyList<string>> ListAsync(string repository, RegistryOptions options, CancellationToken cancellationToken, int pageSize = 1000)
    {
        var reference = ImageReference.Parse(repository.StartsWith("registry:", StringComparison.Ordinal) ? repository["registry:".Length..] : repository);
        using var client = new RegistryClient(options);
        var tags = new List<string>();
        var url = client.Url(reference, $"tags/list?n={pageSize}");
        for (var page = 0; page < MaxPages; page++)
        {
            var current = url;
            using var response = await client.SendAsync(reference, RegistryClient.PullScope(reference), () => new HttpRequestMessage(HttpMethod.Get, current),
                idempotent: true, "list tags", cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                throw new InvalidInputException($"{reference.RepositoryName}: repository not found in the registry");
            }

            await RegistryClient.EnsureSuccessAsync(response, $"list tags of {reference.Repository}", reference, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                using var doc = JsonDocument.Parse(body);
                if (doc.RootElement.TryGetProperty("tags", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    tags.AddRange(list.EnumerateArray().Select(t => t.GetString()).OfType<string>());
                }
            }
            catch (JsonException ex)
            {
                throw new EnvironmentException($"{reference.Registry}: the tag list of {reference.Repository} is not JSON", ex);
            }

            if (NextPage(response, current) is not { } next)
            {
                return tags;
            }

            url = next;
        }

        throw new EnvironmentException($"{reference.RepositoryName}: more than {MaxPages} pages of tags");
    }

    /// <summary>The <c>rel="next"</c> target of the Link header, resolved against the request URL.</summary>
    internal static Uri? NextPage(HttpResponseMessage response, Uri requestUrl)
    {
        if (!response.Headers.TryGetValues("Link", out var links))
        {
            return null;
        }

        foreach (var link in links.SelectMany(l => l.Split(',')))
        {
            var parts = link.Split(';');
            var target = parts[0].Trim();
            if (target.StartsWith('<') && target.EndsWith('>') && parts.Skip(1).Any(p => p.Replace(" ", string.Empty, StringComparison.Ordinal).Equals("rel=\"next\"", StringComparison.OrdinalIgnoreCase)))
            {
                return new Uri(requestUrl, target[1..^1]);
            }
        }

        return null;
    }
}
