using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Feeds.Parsing;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace PolicyWatchBot.Feeds.Fetching;

/// <summary>
/// Conditional GETs of feed bodies: sends the stored ETag / Last-Modified, streams the body with a
/// size cap and a whole-fetch timeout. An HTTP error is a failure, never "no new items".
/// </summary>
internal sealed class FeedFetcher(HttpClient http, IOptions<FeedOptions> options, TimeProvider time)
{
    public async Task<FetchResult> FetchAsync(FeedId feed, Uri url, string? etag, string? lastModified, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var timeout = new CancellationTokenSource(settings.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (etag is not null && EntityTagHeaderValue.TryParse(etag, out var tag))
            {
                request.Headers.IfNoneMatch.Add(tag);
            }

            if (lastModified is not null && DateTimeOffset.TryParse(lastModified, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var since))
            {
                request.Headers.IfModifiedSince = since;
            }

            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                return FetchResult.Unmodified(etag, lastModified);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new FeedFetchException(feed, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase} from {url.Host}");
            }

            var content = await ReadCappedAsync(feed, response.Content, settings.MaxBodyBytes, linked.Token);
            var body = new FeedBody(content, response.Content.Headers.ContentType?.ToString(), response.RequestMessage?.RequestUri ?? url);
            return new FetchResult(body, response.Headers.ETag?.ToString(), response.Content.Headers.LastModified?.ToString("R"));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new FeedFetchException(feed, $"no complete answer from {url.Host} within {settings.Timeout.TotalSeconds:0} s");
        }
        catch (Exception ex) when (ex is TimeoutRejectedException or BrokenCircuitException)
        {
            throw new FeedFetchException(feed, $"{url.Host} did not answer in time ({ex.GetType().Name})", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new FeedFetchException(feed, $"request to {url.Host} failed: {ex.Message}", ex);
        }
    }

    private static async Task<byte[]> ReadCappedAsync(FeedId feed, HttpContent content, long maxBytes, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > maxBytes)
        {
            throw new FeedFetchException(feed, $"body of {content.Headers.ContentLength} bytes is over the {maxBytes}-byte cap");
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new FeedFetchException(feed, $"body is over the {maxBytes}-byte cap");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
