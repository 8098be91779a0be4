using PolicyWatchBot.Chat;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Delivery;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Slack;

/// <summary>
/// Deadline reminders through the real worker (Quartz, dispatcher) and a loopback Slack, on a
/// shifted clock: a comment period closing in 7 days gets its reminder in the alert's thread
/// (<c>thread_ts</c>) at 09:00 New York, and the 1-day one later; restarts before and between
/// them lose and double nothing.
/// </summary>
public sealed class SlackReminderTests : IAsyncLifetime
{
    private static readonly ChannelKey General = new("slack", "T1", "C1");

    /// <summary>07:00 EST on 4 March 2024; comments close on 11 March.</summary>
    private readonly ShiftedClock _clock = new(new DateTimeOffset(2024, 3, 4, 12, 0, 0, TimeSpan.Zero));
    private SlackWorker _worker = null!;

    private FakeSlackServer Slack => _worker.Slack;

    public async Task InitializeAsync()
    {
        _worker = await SlackWorker.StartAsync(
            (host, feeds) =>
            {
                host.Serve("/fr.json", DeadlineBodies.Published("2024-03-11"), "application/json");
                feeds.Add("fr-bis", "federal-register", host.Url("/fr.json"));
            },
            _clock,
            "--PolicyWatch:Slack:BotToken=xoxb-remind",
            "--PolicyWatch:Slack:SigningSecret=remind-secret",
            "--PolicyWatch:Slack:AppId=A1",
            "--PolicyWatch:Slack:MessageInterval=00:00:00.010",
            "--PolicyWatch:Dispatcher:IdlePoll=00:00:01");
        var reply = await _worker.Get<ConversationHandler>().HandleTextAsync(General, "general", new Caller(new Actor("U1", "alice")), "subscribe fr-bis", Fixtures.Timeout());
        Assert.Contains("subscribed", reply.ToString(), StringComparison.Ordinal);
    }

    public async Task DisposeAsync() => await _worker.DisposeAsync();

    [Fact]
    public async Task CommentsCloseInSevenDays_RemindersInTheThreadAtNineNewYork_OnceAcrossRestarts()
    {
        await _worker.PollAsync("fr-bis");
        var parentTs = (await MessagesAsync(1))[0].GetProperty("ts").GetString()!;
        await WaitUntilSentAsync(1);

        await _worker.RestartAsync();
        _clock.MoveTo(new DateTimeOffset(2024, 3, 4, 14, 0, 1, TimeSpan.Zero));
        _worker.Get<TimedPostsSignal>().Notify();
        var sevenDays = (await MessagesAsync(2))[1];
        await WaitUntilSentAsync(2);

        await _worker.RestartAsync();
        // 10 March, the first day of daylight saving time: 09:00 EDT is 13:00 UTC.
        _clock.MoveTo(new DateTimeOffset(2024, 3, 10, 13, 0, 1, TimeSpan.Zero));
        _worker.Get<TimedPostsSignal>().Notify();
        var oneDay = (await MessagesAsync(3))[2];
        await WaitUntilSentAsync(3);

        Assert.Equal(parentTs, sevenDays.GetProperty("thread_ts").GetString());
        Assert.Equal(parentTs, oneDay.GetProperty("thread_ts").GetString());
        Assert.StartsWith("Reminder: comments close 2024-03-11 (in 7 days)", sevenDays.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Reminder: comments close 2024-03-11 (tomorrow)", oneDay.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Slack.CallsTo("chat.postMessage"), c => c.Body.TryGetProperty("reply_broadcast", out _));
        Assert.Equal(3, Slack.MessagesIn("C1").Count);
        Assert.Equal(0, await _worker.Get<TimedPosts>().ReleaseDueAsync(Fixtures.Timeout()));
    }

    private async Task<IReadOnlyList<System.Text.Json.JsonElement>> MessagesAsync(int count)
    {
        await Slack.WaitForAsync(_ => Slack.MessagesIn("C1").Count >= count);
        return Slack.MessagesIn("C1");
    }

    private Task WaitUntilSentAsync(long count) => _worker.Get<IStore>().UntilSentAsync(count);
}

/// <summary>
/// Digest mode through the real worker and a loopback Slack: the urgent rule's alert arrives at
/// once, the rest in one digest at 17:00 New York, fired by Quartz; restarts before and after it
/// lose and double nothing.
/// </summary>
public sealed class SlackDigestWorkerTests : IAsyncLifetime
{
    private static readonly ChannelKey General = new("slack", "T1", "C1");

    /// <summary>04:00 EST on 1 February 2024; the digest is due at 17:00 EST (22:00 UTC).</summary>
    private readonly ShiftedClock _clock = new(new DateTimeOffset(2024, 2, 1, 9, 0, 0, TimeSpan.Zero));
    private SlackWorker _worker = null!;

    private FakeSlackServer Slack => _worker.Slack;

    public async Task InitializeAsync()
    {
        _worker = await SlackWorker.StartAsync(
            (host, feeds) =>
            {
                host.Serve("/fr.json", FederalRegisterBodies.OfAgency(FederalRegisterBodies.BisAgency), "application/json");
                feeds.Add("fr-bis", "federal-register", host.Url("/fr.json"));
            },
            _clock,
            "--PolicyWatch:Slack:BotToken=xoxb-digest",
            "--PolicyWatch:Slack:SigningSecret=digest-secret",
            "--PolicyWatch:Slack:AppId=A1",
            "--PolicyWatch:Slack:MessageInterval=00:00:00.010",
            "--PolicyWatch:Dispatcher:IdlePoll=00:00:01");
        foreach (var command in (string[])["subscribe fr-bis", "rule add pecsea --urgent title:\"President's Export Council\"", "rule add everything agency:\"industry and security\"", "digest daily 17:00"])
        {
            await _worker.Get<ConversationHandler>().HandleTextAsync(General, "general", new Caller(new Actor("U1", "alice")), command, Fixtures.Timeout());
        }
    }

    public async Task DisposeAsync() => await _worker.DisposeAsync();

    [Fact]
    public async Task DigestDaily_UrgentAtOnceTheRestInOneDigestAtFivePm_OnceAcrossRestarts()
    {
        await _worker.PollAsync("fr-bis");
        var urgent = (await MessagesAsync(1))[0];
        await WaitUntilSentAsync(1);

        await _worker.RestartAsync();
        _clock.MoveTo(new DateTimeOffset(2024, 2, 1, 22, 0, 1, TimeSpan.Zero));
        _worker.Get<TimedPostsSignal>().Notify();
        var digest = (await MessagesAsync(2))[1];
        await WaitUntilDigestSentAsync();
        await _worker.RestartAsync();
        var releasedAgain = await _worker.Get<TimedPosts>().ReleaseDueAsync(Fixtures.Timeout());

        Assert.StartsWith("Urgent: ", urgent.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Digest: 3 alerts", digest.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, releasedAgain);
        Assert.Equal(2, Slack.MessagesIn("C1").Count);
        Assert.Equal(0, (await _worker.Get<IStore>().GetOutboxCountsAsync(Fixtures.Timeout())).HeldForDigest);
    }

    private async Task<IReadOnlyList<System.Text.Json.JsonElement>> MessagesAsync(int count)
    {
        await Slack.WaitForAsync(_ => Slack.MessagesIn("C1").Count >= count);
        return Slack.MessagesIn("C1");
    }

    private Task WaitUntilSentAsync(long count) => _worker.Get<IStore>().UntilSentAsync(count);

    private async Task WaitUntilDigestSentAsync()
    {
        var store = _worker.Get<IStore>();
        var deadline = Fixtures.Timeout(20);
        while ((await store.GetOutboxCountsAsync(deadline)).PendingDigests > 0)
        {
            await Task.Delay(20, deadline);
        }
    }
}
