using System.Diagnostics;
using System.Text;
using PolicyWatchBot.Chat;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Commands;
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

    private SlackWorker _worker = null!;

    private FakeSlackServer Slack => _worker.Slack;

    public async Task InitializeAsync()
    {
        _worker = await SlackWorker.StartAsync((host, feeds) => feeds.Add("burst", "syndication", host.Url("/burst.xml")),
            "--PolicyWatch:Slack:BotToken=xoxb-delivery",
            "--PolicyWatch:Slack:SigningSecret=delivery-secret",
            $"--PolicyWatch:Slack:MessageInterval={Interval}",
            "--PolicyWatch:Slack:Timeout=00:00:02",
            "--PolicyWatch:Dispatcher:FirstRetryDelay=00:00:01",
            "--PolicyWatch:Dispatcher:MaxRetryDelay=00:00:01",
            "--PolicyWatch:Dispatcher:IdlePoll=00:00:01");
        await SayAsync("subscribe burst");
        await SayAsync("rule add everything title:burst");
    }

    public async Task DisposeAsync() => await _worker.DisposeAsync();

    [Fact]
    public async Task Burst_ThirtyAlertsToOneChannel_SpreadAtTheIntervalInOrderAndNo429Lost()
    {
        // Requests travel: Slack sees them with some jitter, so it is strict only below half the interval.
        Slack.ChannelInterval = Interval / 2;
        Slack.Script("chat.postMessage", FakeReply.RateLimited(1));

        for (var i = 1; i <= 30; i++)
        {
            await PollWithItemsAsync(i);
        }

        await Slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.Status == 200, count: 30, TimeSpan.FromSeconds(30));
        Assert.Equal(Enumerable.Range(1, 30).Select(i => $"Burst item {i}"), Titles());
        var posted = Slack.CallsTo("chat.postMessage").Where(c => c.Status == 200).ToList();
        Assert.All(posted.Zip(posted.Skip(1)), pair =>
            Assert.True(Stopwatch.GetElapsedTime(pair.First.ReceivedAt, pair.Second.ReceivedAt) >= Interval / 2));
        Assert.True(Stopwatch.GetElapsedTime(posted[0].ReceivedAt, posted[^1].ReceivedAt) >= Interval * 29 * 0.9);
        Assert.Single(Slack.CallsTo("chat.postMessage"), c => c.Status == 429);
    }

    [Fact]
    public async Task Outage_LostAnswerThenSlackDown_NothingLostNothingDuplicatedInOrder()
    {
        Slack.Script("chat.postMessage", FakeReply.ServerError(postsAnyway: true));
        await PollWithItemsAsync(1);
        await Slack.WaitForAsync("chat.postMessage");
        Slack.Down = true;
        await PollWithItemsAsync(2);
        await PollWithItemsAsync(3);
        await Slack.WaitForAsync(c => c.Status == 503, count: 2);

        Slack.Down = false;
        await Slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.Status == 200, count: 2, TimeSpan.FromSeconds(30));

        Assert.Equal(["Burst item 1", "Burst item 2", "Burst item 3"], Titles());
        Assert.Contains(Slack.CallsTo("conversations.history"), c => c.Status == 200);
    }

    private List<string> Titles() =>
        Slack.MessagesIn("C1").Select(m => m.GetProperty("text").GetString()!)
            .Select(t => t[(t.IndexOf(": ", StringComparison.Ordinal) + 2)..t.LastIndexOf(" (", StringComparison.Ordinal)]).ToList();

    private async Task PollWithItemsAsync(int count)
    {
        var items = new StringBuilder();
        for (var i = 1; i <= count; i++)
        {
            items.Append($"<item><title>Burst item {i}</title><link>https://example.org/burst/{i}</link><guid>burst-{i}</guid><description>Item {i}.</description></item>");
        }

        _worker.FeedHost.Serve("/burst.xml", $"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Burst</title><link>https://example.org/</link><description>d</description>{items}</channel></rss>", "application/rss+xml");
        var report = await _worker.PollAsync("burst");
        Assert.Equal(1, report.AlertsQueued);
    }

    private async Task SayAsync(string text)
    {
        var reply = await _worker.Get<ConversationHandler>().HandleTextAsync(General, "general", new Caller(new Actor("U1", "alice")), text, Fixtures.Timeout());
        Assert.True(reply.Succeeded, reply.ToString());
    }
}
