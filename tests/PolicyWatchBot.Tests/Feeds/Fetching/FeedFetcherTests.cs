using System.IO.Compression;
using Microsoft.Extensions.DependencyInjection;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Feeds.Fetching;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Feeds.Fetching;

/// <summary>The fetcher as the host builds it (typed client, resilience, decompression) against a loopback host.</summary>
public sealed class FeedFetcherTests : IAsyncLifetime
{
    private static readonly FeedId Feed = new("test-feed");
    private readonly TempSqliteDatabase _db = new();
    private readonly FeedFolder _feeds = new();
    private FakeFeedServer _server = null!;
    private PipelineHost _host = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeFeedServer.StartAsync();
        _host = await PipelineHost.StartAsync(_db, _feeds.Path, new Dictionary<string, string?> { ["PolicyWatch:Feeds:MaxBodyBytes"] = "4096" });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _server.DisposeAsync();
        _feeds.Dispose();
        _db.Dispose();
    }

    [Fact]
    public async Task FetchAsync_GzipEncodedBody_ReturnsDecompressedBytes()
    {
        var json = """{"count":0,"description":"none"}"""u8.ToArray();
        _server.Serve("/gz.json", Gzip(json), "application/json", contentEncoding: "gzip");

        var result = await Fetcher.FetchAsync(Feed, _server.Url("/gz.json"), null, null, Fixtures.Timeout());

        Assert.Equal(json, result.Body!.Content);
        Assert.Contains("gzip", _server.Requests.Last().AcceptEncoding, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_BodyOverTheCap_FailsNamingTheCap()
    {
        _server.Serve("/big.json", new byte[10_000], "application/json");

        var error = await Assert.ThrowsAsync<FeedFetchException>(() => Fetcher.FetchAsync(Feed, _server.Url("/big.json"), null, null, Fixtures.Timeout()));

        Assert.Contains("4096-byte cap", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("feed test-feed:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_StoredLastModified_SentAsIfModifiedSinceAnd304IsNotModified()
    {
        var modified = new DateTimeOffset(2026, 11, 2, 8, 30, 0, TimeSpan.Zero);
        _server.Serve("/lm.xml", "<rss/>", "application/rss+xml", lastModified: modified);
        var first = await Fetcher.FetchAsync(Feed, _server.Url("/lm.xml"), null, null, Fixtures.Timeout());

        var second = await Fetcher.FetchAsync(Feed, _server.Url("/lm.xml"), first.ETag, first.LastModified, Fixtures.Timeout());

        Assert.Equal("Mon, 02 Nov 2026 08:30:00 GMT", first.LastModified);
        Assert.True(second.NotModified);
        Assert.Equal("Mon, 02 Nov 2026 08:30:00 GMT", _server.Requests.Last().IfModifiedSince);
    }

    [Fact]
    public async Task FetchAsync_AnyRequest_SendsTheDescriptiveUserAgent()
    {
        _server.Serve("/ua.json", "{}", "application/json");

        await Fetcher.FetchAsync(Feed, _server.Url("/ua.json"), null, null, Fixtures.Timeout());

        Assert.StartsWith("PolicyWatchBot/1.0", _server.Requests.Last().UserAgent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_NotFound_FailsWithTheStatus()
    {
        var error = await Assert.ThrowsAsync<FeedFetchException>(() => Fetcher.FetchAsync(Feed, _server.Url("/missing.json"), null, null, Fixtures.Timeout()));

        Assert.Contains("HTTP 404", error.Message, StringComparison.Ordinal);
    }

    private FeedFetcher Fetcher => _host.Services.GetRequiredService<FeedFetcher>();

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }
}
