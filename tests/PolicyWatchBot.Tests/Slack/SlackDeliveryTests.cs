using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using PolicyWatchBot.Chat;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Feeds;
using PolicyWatchBot.Feeds.Polling;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Slack;

/// <summary>
/// The real worker delivering to a loopback Slack: single alerts from successive polls of a feed
/// that gains one item each time, through the outbox and the dispatcher, under rate limits and outages.
/// </summary>
public sealed class SlackDeliveryTests : IAsyncLifetime
{
    private static readonly ChannelKey General = new("slack", "T1", "C1");
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(60);

    private readonly TempSqliteDatabase _db = new();
    private readonly FeedFolder _feeds = new();
    private readonly WatchedWriter _console = new();
    private FakeFeedServer _feedHost = null!;
    private FakeSlackServer _slack = null!;
    private WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        _feedHost = await FakeFeedServer.StartAsync();
        _feeds.Add("burst", "syndication", _feedHost.Url("/burst.xml"));
        _feeds.Add("quiet", "syndication", _feedHost.Url("/quiet.xml"));
        _slack = await FakeSlackServer.StartAsync();
        _app = WorkerApp.Build(_db, _feeds.Path, _console, pollOnStart: false,
            "--PolicyWatch:Console:Feeds=quiet",
            "--PolicyWatch:Slack:BotToken=xoxb-delivery",
            "--PolicyWatch:Slack:SigningSecret=delivery-secret",
            $"--PolicyWatch:Slack:ApiBaseUrl={_slack.ApiBase}",
            $"--PolicyWatch:Slack:MessageInterval={Interval}",
            "--PolicyWatch:Slack:Timeout=00:00:02",
            "--PolicyWatch:Dispatcher:FirstRetryDelay=00:00:01",
            "--PolicyWatch:Dispatcher:MaxRetryDelay=00:00:01",
            "--PolicyWatch:Dispatcher:IdlePoll=00:00:01");
        await _app.StartAsync(Fixtures.Timeout());
        await SayAsync("subscribe burst");
        await SayAsync("rule add everything title:burst");
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync(Fixtures.Timeout());
        await _app.DisposeAsync();
        await _slack.DisposeAsync();
        await _feedHost.DisposeAsync();
        _feeds.Dispose();
        _db.Dispose();
    }

    [Fact]
    public async Task Burst_ThirtyAlertsToOneChannel_SpreadAtTheIntervalInOrderAndNo429Lost()
    {
        _slack.ChannelInterval = Interval - TimeSpan.FromMilliseconds(15);
        _slack.Script("chat.postMessage", FakeReply.RateLimited(1));

        for (var i = 1; i <= 30; i++)
        {
            await PollWithItemsAsync(i);
        }

        await _slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.Status == 200, count: 30, TimeSpan.FromSeconds(30));
        Assert.Equal(Enumerable.Range(1, 30).Select(i => $"Burst item {i}"), Titles());
        var posted = _slack.CallsTo("chat.postMessage").Where(c => c.Status == 200).ToList();
        Assert.All(posted.Zip(posted.Skip(1)), pair =>
            Assert.True(Stopwatch.GetElapsedTime(pair.First.ReceivedAt, pair.Second.ReceivedAt) >= Interval - TimeSpan.FromMilliseconds(15)));
        Assert.Single(_slack.CallsTo("chat.postMessage"), c => c.Status == 429);
    }

    [Fact]
    public async Task Outage_LostAnswerThenSlackDown_NothingLostNothingDuplicatedInOrder()
    {
        _slack.Script("chat.postMessage", FakeReply.ServerError(postsAnyway: true));
        await PollWithItemsAsync(1);
        await _slack.WaitForAsync("chat.postMessage");
        _slack.Down = true;
        await PollWithItemsAsync(2);
        await PollWithItemsAsync(3);
        await _slack.WaitForAsync(c => c.Status == 503, count: 2);

        _slack.Down = false;
        await _slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.Status == 200, count: 2, TimeSpan.FromSeconds(30));

        Assert.Equal(["Burst item 1", "Burst item 2", "Burst item 3"], Titles());
        Assert.Contains(_slack.CallsTo("conversations.history"), c => c.Status == 200);
    }

    private List<string> Titles() =>
        _slack.MessagesIn("C1").Select(m => m.GetProperty("text").GetString()!)
            .Select(t => t[(t.IndexOf(": ", StringComparison.Ordinal) + 2)..t.LastIndexOf(" (", StringComparison.Ordinal)]).ToList();

    private async Task PollWithItemsAsync(int count)
    {
        var items = new StringBuilder();
        for (var i = 1; i <= count; i++)
        {
            items.Append($"<item><title>Burst item {i}</title><link>https://example.org/burst/{i}</link><guid>burst-{i}</guid><description>Item {i}.</description></item>");
        }

        _feedHost.Serve("/burst.xml", $"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Burst</title><link>https://example.org/</link><description>d</description>{items}</channel></rss>", "application/rss+xml");
        var catalog = _app.Services.GetRequiredService<FeedCatalog>();
        var report = await _app.Services.GetRequiredService<IFeedPoller>().PollAsync(catalog.Find("burst")!, ignoreBackoff: true, Fixtures.Timeout());
        Assert.Equal(1, report.AlertsQueued);
    }

    private async Task SayAsync(string text)
    {
        var reply = await _app.Services.GetRequiredService<ConversationHandler>().HandleTextAsync(General, "general", new Caller(new Actor("U1", "alice")), text, Fixtures.Timeout());
        Assert.True(reply.Succeeded, reply.ToString());
    }
}
