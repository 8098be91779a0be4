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
internal sealed class FeedFetcher(HttpClient http, IOptions<FeedOptions> options, TimeProvider time, FeedSecrets secrets)
{
    private const int MaxRedirects = 5;

    /// <summary>
    /// A page of the feed: to the feed's own host the request carries its headers and secrets (a
    /// redirect elsewhere gets neither); the body's URL, which is stored and shown, keeps the
    /// placeholders.
    /// </summary>
    public Task<FetchResult> FetchAsync(FeedDefinition feed, Uri url, string? etag, string? lastModified, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feed);
        return SendAsync(feed.Id, feed, url, etag, lastModified, cancellationToken);
    }

    /// <summary>A plain GET (a test, a page of no feed): no feed headers, no secrets.</summary>
    public Task<FetchResult> FetchAsync(FeedId feed, Uri url, string? etag, string? lastModified, CancellationToken cancellationToken) =>
        SendAsync(feed, null, url, etag, lastModified, cancellationToken);

    // Redirects are followed here, not by the handler, so that each hop's headers and secrets are
    // decided for the host it goes to.
    private async Task<FetchResult> SendAsync(FeedId feed, FeedDefinition? definition, Uri url, string? etag, string? lastModified, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var timeout = new CancellationTokenSource(settings.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var target = url;
        try
        {
            for (var hop = 0; ; hop++)
            {
                using var request = CreateRequest(feed, definition, target, etag, lastModified);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
                if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
                {
                    if (hop == MaxRedirects)
                    {
                        throw new FeedFetchException(feed, $"more than {MaxRedirects} redirects from {url.Host}");
                    }

                    if (!Uri.TryCreate(request.RequestUri!, location, out var next) || next.Scheme is not ("http" or "https"))
                    {
                        throw new FeedFetchException(feed, $"{target.Host} redirected to a location that is not an http(s) URL");
                    }

                    target = secrets.Redact(next);
                    continue;
                }

                if (response.StatusCode == HttpStatusCode.NotModified)
                {
                    return FetchResult.Unmodified(etag, lastModified);
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw new FeedFetchException(feed, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase} from {target.Host}");
                }

                var content = await ReadCappedAsync(feed, response.Content, settings.MaxBodyBytes, linked.Token);
                var body = new FeedBody(content, response.Content.Headers.ContentType?.ToString(), target);
                return new FetchResult(body, response.Headers.ETag?.ToString(), response.Content.Headers.LastModified?.ToString("R"));
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new FeedFetchException(feed, $"no complete answer from {target.Host} within {settings.Timeout.TotalSeconds:0} s");
        }
        catch (Exception ex) when (ex is TimeoutRejectedException or BrokenCircuitException)
        {
            throw new FeedFetchException(feed, $"{target.Host} did not answer in time ({ex.GetType().Name})", ex);
        }
        catch (HttpRequestException ex)
        {
            // The exception itself is not kept: its message and data may hold the request URL.
            throw new FeedFetchException(feed, $"request to {target.Host} failed: {secrets.Redact(ex.Message)}");
        }
    }

    private HttpRequestMessage CreateRequest(FeedId feed, FeedDefinition? definition, Uri target, string? etag, string? lastModified)
    {
        Uri requestUrl = target;
        IReadOnlyList<KeyValuePair<string, string>> headers = [];
        if (definition is not null)
        {
            try
            {
                requestUrl = UrlDates.Resolve(secrets.RequestUrl(definition, target), DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
                headers = secrets.Headers(definition, target);
            }
            catch (InvalidOperationException ex)
            {
                throw new FeedFetchException(feed, ex.Message);
            }
        }

        var request = new HttpRequestMessage(HttpMethod.Get, requestUrl);
        foreach (var (name, value) in headers)
        {
            if (value.AsSpan().ContainsAny('\r', '\n') || !request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Dispose();
                throw new FeedFetchException(feed, $"header {name} cannot be sent (check its value and the secrets it uses)");
            }
        }

        // Validators belong to the feed's own URL: a redirect keeps them, its answer is the same resource.
        if (etag is not null && EntityTagHeaderValue.TryParse(etag, out var tag))
        {
            request.Headers.IfNoneMatch.Add(tag);
        }

        if (lastModified is not null && DateTimeOffset.TryParse(lastModified, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var since))
        {
            request.Headers.IfModifiedSince = since;
        }

        return request;
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

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
