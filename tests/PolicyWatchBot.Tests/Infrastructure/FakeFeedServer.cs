using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Http;

namespace PolicyWatchBot.Tests.Infrastructure;

/// <summary>
/// A loopback feed host (Kestrel on 127.0.0.1, port 0) with scripted answers per path. It honours
/// If-None-Match like a real server (304 when the ETag matches) and records every request.
/// </summary>
public sealed class FakeFeedServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, FakeResponse> _responses = new(StringComparer.Ordinal);
    private LoopbackServer _host = null!;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public Uri BaseAddress => _host.BaseAddress;

    public static async Task<FakeFeedServer> StartAsync()
    {
        var server = new FakeFeedServer();
        server._host = await LoopbackServer.StartAsync(server.HandleAsync);
        return server;
    }

    public Uri Url(string path) => _host.Url(path);

    public void Serve(string path, byte[] body, string contentType, string? etag = null, DateTimeOffset? lastModified = null, string? contentEncoding = null) =>
        _responses[Normalize(path)] = new FakeResponse(200, body, contentType, etag, Hang: false, lastModified, contentEncoding);

    public void Serve(string path, string body, string contentType, string? etag = null, DateTimeOffset? lastModified = null) =>
        Serve(path, System.Text.Encoding.UTF8.GetBytes(body), contentType, etag, lastModified);

    /// <summary>Answers with a redirect (302 unless told) to <paramref name="location"/>, absolute or relative.</summary>
    public void Redirect(string path, string location, int status = 302) =>
        _responses[Normalize(path)] = new FakeResponse(status, [], "text/plain", null, Hang: false, null, null) { Location = location };

    public void Fail(string path, int status) =>
        _responses[Normalize(path)] = new FakeResponse(status, "server error"u8.ToArray(), "text/plain", null, Hang: false, null, null);

    /// <summary>Sends headers and a first chunk, then never finishes the body.</summary>
    public void Hang(string path) =>
        _responses[Normalize(path)] = new FakeResponse(200, "{\"count\":"u8.ToArray(), "application/json", null, Hang: true, null, null);

    public int CountRequests(string path) => Requests.Count(r => r.Path == Normalize(path));

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static string Normalize(string path) => "/" + path.TrimStart('/').Split('?')[0];

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var ifNoneMatch = context.Request.Headers.IfNoneMatch.ToString();
        var ifModifiedSince = context.Request.Headers.IfModifiedSince.ToString();
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        Requests.Enqueue(new RecordedRequest(path, context.Request.QueryString.Value ?? "", ifNoneMatch, context.Request.Headers.UserAgent.ToString(), ifModifiedSince, context.Request.Headers.AcceptEncoding.ToString(), headers));
        if (!_responses.TryGetValue(path, out var response))
        {
            context.Response.StatusCode = 404;
            return;
        }

        var unmodifiedSince = response.LastModified is { } modified
            && DateTimeOffset.TryParse(ifModifiedSince, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var since)
            && since >= modified;
        if ((response.ETag is not null && ifNoneMatch == response.ETag) || unmodifiedSince)
        {
            context.Response.StatusCode = (int)HttpStatusCode.NotModified;
            return;
        }

        context.Response.StatusCode = response.Status;
        if (response.Location is not null)
        {
            context.Response.Headers.Location = response.Location;
            return;
        }

        context.Response.ContentType = response.ContentType;
        if (response.ETag is not null)
        {
            context.Response.Headers.ETag = response.ETag;
        }

        if (response.LastModified is { } lastModified)
        {
            context.Response.Headers.LastModified = lastModified.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        }

        if (response.ContentEncoding is not null)
        {
            context.Response.Headers.ContentEncoding = response.ContentEncoding;
        }

        await context.Response.Body.WriteAsync(response.Body, context.RequestAborted);
        if (response.Hang)
        {
            await context.Response.Body.FlushAsync(context.RequestAborted);
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The client gave up, as it should.
            }
        }
    }

    private sealed record FakeResponse(int Status, byte[] Body, string ContentType, string? ETag, bool Hang, DateTimeOffset? LastModified, string? ContentEncoding)
    {
        public string? Location { get; init; }
    }
}

public sealed record RecordedRequest(string Path, string Query, string IfNoneMatch, string UserAgent, string IfModifiedSince, string AcceptEncoding, IReadOnlyDictionary<string, string>? Headers = null)
{
    public string? Header(string name) => Headers is not null && Headers.TryGetValue(name, out var value) ? value : null;
}
