using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Feeds.Polling;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Feeds.Detail;

/// <summary>
/// An html-list of press releases whose text is on each release's own page, polled over loopback:
/// each new item's page is read once, its text matched and shown; known items are never read again
/// and keep their text; a page that fails leaves its item as listed, alone.
/// </summary>
public sealed class DetailStepTests : IAsyncLifetime
{
    private readonly TempSqliteDatabase _db = new();
    private readonly FeedFolder _feeds = new();
    private FakeFeedServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeFeedServer.StartAsync();
        _feeds.Add("bis-press", "html-list", _server.Url("/news-updates"), extra: $$"""
            "base": "{{_server.Url("/press/")}}",
              "defaultType": "press release",
              "html": { "item": "//li[@class='release']", "title": ".//a", "link": ".//a/@href", "date": ".//time" },
              "detail": { "text": "//div[@class='press-release-container']", "date": "//time[@class='issued']" }
            """);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _feeds.Dispose();
        _db.Dispose();
    }

    private void ServeListing(params string[] slugs) => _server.Serve("/news-updates", $$"""
        <!DOCTYPE html><html><head><title>News</title></head><body><ul>
        {{string.Join("\n", slugs.Select(s => $"<li class='release'><a href='{s}'>Release {s}</a></li>"))}}
        </ul></body></html>
        """, "text/html; charset=utf-8");

    private void ServeRelease(string slug, string text) => _server.Serve("/press/" + slug, $$"""
        <!DOCTYPE html><html><head><title>{{slug}}</title></head><body>
        <nav>Bureau of Industry and Security menu</nav>
        <time class="issued" datetime="2025-03-25">March 25, 2025</time>
        <div class="press-release-container"><p>{{text}}</p></div>
        </body></html>
        """, "text/html");

    private Task<PipelineHost> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? []) { ["PolicyWatch:Console:Rules:entities"] = "\"entity list\"" };
        return PipelineHost.StartAsync(_db, _feeds.Path, all);
    }

    [Fact]
    public async Task Poll_NewReleases_EachPageReadOnceAndItsTextMatched()
    {
        ServeListing("adds-entities", "renews-order");
        ServeRelease("adds-entities", "Commerce adds 12 entities to the Entity List for diverting advanced chips.");
        ServeRelease("renews-order", "BIS renews a temporary denial order.");
        await using var host = await StartAsync();

        var report = await host.PollAsync("bis-press");
        await host.Dispatcher.DrainAsync(Fixtures.Timeout());

        Assert.Equal(2, report.New);
        Assert.Equal(1, report.AlertsQueued);
        Assert.Equal(1, _server.CountRequests("/press/adds-entities"));
        Assert.Equal(1, _server.CountRequests("/press/renews-order"));
        var output = host.Console.ToString();
        Assert.Contains("Commerce adds 12 entities to the Entity List for diverting advanced chips.", output, StringComparison.Ordinal);
        Assert.Contains("published 2025-03-25", output, StringComparison.Ordinal);
        Assert.DoesNotContain("menu", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Poll_AgainWithOneMoreRelease_OnlyTheNewPageIsReadAndKnownItemsKeepTheirText()
    {
        ServeListing("adds-entities");
        ServeRelease("adds-entities", "Commerce adds 12 entities to the Entity List.");
        await using var host = await StartAsync();
        await host.PollAsync("bis-press");

        ServeListing("new-rule", "adds-entities");
        ServeRelease("new-rule", "An interim final rule on advanced computing.");
        var report = await host.PollAsync("bis-press");

        Assert.Equal(1, report.New);
        Assert.Equal(0, report.Changed);
        Assert.Equal(1, _server.CountRequests("/press/adds-entities"));
        Assert.Equal(1, _server.CountRequests("/press/new-rule"));
        var stored = await host.Store.StreamItemsSinceAsync([new("bis-press")], new DateOnly(2000, 1, 1), Fixtures.Timeout()).ToListAsync();
        var known = Assert.Single(stored, i => i.Item.Title == "Release adds-entities").Item;
        Assert.Equal("Commerce adds 12 entities to the Entity List.", known.Detail);
        Assert.Equal(1, await host.Store.CountRevisionsAsync(known.Key, Fixtures.Timeout()));
    }

    [Fact]
    public async Task Poll_OnePageFails_ThatItemKeepsItsListingAndTheOtherIsRead()
    {
        ServeListing("gone", "adds-entities");
        _server.Fail("/press/gone", 404);
        ServeRelease("adds-entities", "Commerce adds entities to the Entity List.");
        await using var host = await StartAsync();

        var report = await host.PollAsync("bis-press");

        Assert.Equal(PollOutcome.Polled, report.Outcome);
        Assert.Equal(2, report.New);
        Assert.Equal(1, report.AlertsQueued);
        var stored = await host.Store.StreamItemsSinceAsync([new("bis-press")], new DateOnly(2000, 1, 1), Fixtures.Timeout()).ToListAsync();
        Assert.Null(Assert.Single(stored, i => i.Item.Title == "Release gone").Item.Detail);
    }

    [Fact]
    public async Task Poll_MorePagesThanAllowed_TheRestKeepTheirListingText()
    {
        ServeListing("a", "b", "c");
        foreach (var slug in new[] { "a", "b", "c" })
        {
            ServeRelease(slug, "Entity List additions " + slug);
        }

        await using var host = await StartAsync(new() { ["PolicyWatch:Feeds:MaxDetailPages"] = "2" });

        var report = await host.PollAsync("bis-press");

        Assert.Equal(3, report.New);
        Assert.Equal(2, report.AlertsQueued);
        Assert.Equal(2, new[] { "a", "b", "c" }.Sum(s => _server.CountRequests("/press/" + s)));
    }
}
