using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Delivery;
using PolicyWatchBot.Observability;
using PolicyWatchBot.Tests.Infrastructure;
using PolicyWatchBot.Tests.Storage;

namespace PolicyWatchBot.Tests.Delivery;

/// <summary>
/// What the dispatcher does with each outcome beyond sent/retry: a channel's order under failures,
/// rate-limit deferrals, parking for a platform or a channel, and a channel that is gone.
/// </summary>
public sealed class DispatcherParkingTests : SqliteStoreTest
{
    private static readonly ChannelKey SlackA = new("slack", "T1", "CA");
    private static readonly ChannelKey SlackB = new("slack", "T1", "CB");
    private static readonly TimeSpan Probe = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(10);

    private readonly ScriptedSink _slack = new("slack");
    private readonly ScriptedSink _console = new(ChannelKey.ConsolePlatform);
    private readonly OutboxSignal _signal = new();
    private long _a;
    private long _b;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _a = await Store.EnsureChannelAsync(SlackA, "#a", Ct);
        _b = await Store.EnsureChannelAsync(SlackB, "#b", Ct);
    }

    public override Task DisposeAsync()
    {
        _signal.Dispose();
        return base.DisposeAsync();
    }

    [Fact]
    public async Task Retry_LaterPostsOfTheChannel_AreNotTriedAndGoOutInOrderAfterTheBackoff()
    {
        var first = await EnqueueAsync(_a, "2025-00001", "2025-00002");
        _slack.Then(new DeliveryOutcome.Retry("HTTP 503"));
        var dispatcher = CreateDispatcher();
        await dispatcher.RunOnceAsync(Ct);
        var newer = await EnqueueAsync(_a, "2025-00003");

        await dispatcher.RunOnceAsync(Ct);
        var triedBeforeBackoff = _slack.Received.Count;
        Clock.Advance(FirstRetryDelay);
        await dispatcher.RunOnceAsync(Ct);

        Assert.Equal(1, triedBeforeBackoff);
        Assert.Equal([first[0], .. first, .. newer], _slack.ReceivedIds);
    }

    [Fact]
    public async Task Deferred_IsNotCountedAsAnAttempt_AndHoldsTheChannelForThatLong()
    {
        var ids = await EnqueueAsync(_a, "2025-00001", "2025-00002");
        _slack.Then(new DeliveryOutcome.Deferred("rate limited", TimeSpan.FromSeconds(3)));
        var dispatcher = CreateDispatcher();
        await dispatcher.RunOnceAsync(Ct);

        Clock.Advance(TimeSpan.FromSeconds(2));
        await dispatcher.RunOnceAsync(Ct);
        var triedEarly = _slack.Received.Count;
        Clock.Advance(TimeSpan.FromSeconds(1));
        await dispatcher.RunOnceAsync(Ct);

        Assert.Equal(1, triedEarly);
        Assert.Equal([ids[0], .. ids], _slack.ReceivedIds);
        Assert.Equal(1, _slack.Received[1].Attempts);
        Assert.Equal(2L, (await Store.GetOutboxCountsAsync(Ct)).Sent);
    }

    [Fact]
    public async Task ParkedForThePlatform_EveryPostOfThePlatformWaitsWithTheReason_OthersGoOn()
    {
        await EnqueueAsync(_a, "2025-00001", "2025-00002");
        await EnqueueAsync(_b, "2025-00003");
        var console = await StoreTestData.ConsoleChannelAsync(Store);
        var consoleIds = await EnqueueAsync(console, "2025-00004");
        _slack.Then(Parked(ParkScope.Platform)).Then(Parked(ParkScope.Platform));

        await CreateDispatcher(channelsAtOnce: 1).RunOnceAsync(Ct);

        Assert.Equal(consoleIds, _console.ReceivedIds);
        Assert.Equal(2, _slack.Received.Count);
        Assert.Equal(3L, (await Store.GetOutboxCountsAsync(Ct)).Parked);
        Assert.All(await Store.GetParkedAsync(Ct), p => Assert.Equal("invalid_auth: fix the token", p.Reason));
        Assert.Equal(Clock.GetUtcNow() + Probe, await Store.GetNextDueAsync(Ct));
    }

    [Fact]
    public async Task ParkedForThePlatform_OnceAProbeGetsThrough_EverythingGoesOutInOrder()
    {
        var a = await EnqueueAsync(_a, "2025-00001", "2025-00002");
        var b = await EnqueueAsync(_b, "2025-00003");
        _slack.Then(Parked(ParkScope.Platform)).Then(Parked(ParkScope.Platform));
        var dispatcher = CreateDispatcher(channelsAtOnce: 1);
        await dispatcher.RunOnceAsync(Ct);

        Clock.Advance(Probe - TimeSpan.FromSeconds(1));
        await dispatcher.RunOnceAsync(Ct);
        var triedBeforeProbe = _slack.Received.Count;
        Clock.Advance(TimeSpan.FromSeconds(1));
        await dispatcher.DrainAsync(Ct);

        Assert.Equal(2, triedBeforeProbe);
        var delivered = _slack.ReceivedIds.Skip(2).ToList();
        Assert.Equal(a, delivered.Where(a.Contains));
        Assert.Contains(b[0], delivered);
        Assert.Equal(new OutboxCounts(0, 3, 0, 0, 0), await Store.GetOutboxCountsAsync(Ct));
    }

    [Fact]
    public async Task ParkedForThePlatform_ASendThatGetsThroughElsewhere_ResumesTheParkedAtOnce()
    {
        await EnqueueAsync(_a, "2025-00001");
        _slack.Then(Parked(ParkScope.Platform));
        var dispatcher = CreateDispatcher();
        await dispatcher.RunOnceAsync(Ct);
        await EnqueueAsync(_b, "2025-00002");

        await dispatcher.RunOnceAsync(Ct);
        await dispatcher.RunOnceAsync(Ct);

        Assert.Equal(new OutboxCounts(0, 2, 0, 0, 0), await Store.GetOutboxCountsAsync(Ct));
    }

    [Fact]
    public async Task ParkedForTheChannel_OtherChannelsOfThePlatformGoOn()
    {
        await EnqueueAsync(_a, "2025-00001", "2025-00002");
        var b = await EnqueueAsync(_b, "2025-00003");
        _slack.Then(Parked(ParkScope.Channel));

        await CreateDispatcher(channelsAtOnce: 1).RunOnceAsync(Ct);

        Assert.Equal(b[0], _slack.ReceivedIds.Last());
        var parked = Assert.Single(await Store.GetParkedAsync(Ct));
        Assert.Equal((SlackA, 2L), (parked.Channel, parked.Count));
    }

    [Fact]
    public async Task FailedWholeChannel_EveryPostWaitingForTheChannelFailsWithTheReason()
    {
        await EnqueueAsync(_a, "2025-00001", "2025-00002");
        await EnqueueAsync(_b, "2025-00003");
        _slack.Then(new DeliveryOutcome.Failed("channel_not_found", WholeChannel: true));
        var dispatcher = CreateDispatcher(channelsAtOnce: 1, batchSize: 1);

        await dispatcher.DrainAsync(Ct);

        Assert.Equal(new OutboxCounts(0, 1, 2, 0, 0), await Store.GetOutboxCountsAsync(Ct));
        var activity = await Store.GetChannelActivityAsync(_a, Ct);
        Assert.All(activity.Failed, f => Assert.Equal("channel_not_found", f.LastError));
    }

    [Fact]
    public async Task FailedForOnePost_TheChannelsNextPostStillGoes()
    {
        var ids = await EnqueueAsync(_a, "2025-00001", "2025-00002");
        _slack.Then(new DeliveryOutcome.Failed("invalid_blocks"));

        await CreateDispatcher().RunOnceAsync(Ct);

        Assert.Equal(ids, _slack.ReceivedIds);
        Assert.Equal(new OutboxCounts(0, 1, 1, 0, 0), await Store.GetOutboxCountsAsync(Ct));
    }

    [Fact]
    public async Task ManyChannels_DeliveredSideBySide_EachInOrder()
    {
        var sink = new SlowSink("slack", TimeSpan.FromMilliseconds(100));
        var channels = new List<(long Id, IReadOnlyList<string> Alerts)>();
        for (var c = 0; c < 4; c++)
        {
            var id = await Store.EnsureChannelAsync(new ChannelKey("slack", "T1", $"C{c}"), $"#c{c}", Ct);
            channels.Add((id, await EnqueueAsync(id, $"2025-{c}0001", $"2025-{c}0002", $"2025-{c}0003")));
        }

        await TestDispatcher.Create(Store, Clock, _signal, TestMetrics.Unread, [sink], new DispatcherOptions { ChannelsAtOnce = 4 }).RunOnceAsync(Ct);

        Assert.True(sink.MostAtOnce > 1, $"at most {sink.MostAtOnce} channel at a time");
        foreach (var (_, alerts) in channels)
        {
            Assert.Equal(alerts, sink.Sent.Where(alerts.Contains));
        }
    }

    private static DeliveryOutcome.Parked Parked(ParkScope scope) =>
        new(scope == ParkScope.Platform ? "invalid_auth: fix the token" : "not_in_channel: invite the bot", scope);

    private Task<IReadOnlyList<string>> EnqueueAsync(long channel, params string[] documentNumbers) =>
        StoreTestData.EnqueueAsync(Store, channel, documentNumbers.Select(n => StoreTestData.Item(n)).ToArray());

    private AlertDispatcher CreateDispatcher(int channelsAtOnce = 4, int batchSize = 50) =>
        TestDispatcher.Create(Store, Clock, _signal, TestMetrics.Unread, [_slack, _console], new DispatcherOptions
        {
            BatchSize = batchSize,
            ChannelsAtOnce = channelsAtOnce,
            FirstRetryDelay = FirstRetryDelay,
            ParkedProbeInterval = Probe,
        });

    /// <summary>A sink that takes a while per send and counts how many sends overlap.</summary>
    private sealed class SlowSink(string platform, TimeSpan perSend) : IAlertSink
    {
        private int _inFlight;
        private int _most;

        public string Platform { get; } = platform;

        public System.Collections.Concurrent.ConcurrentQueue<string> Sent { get; } = new();

        public int MostAtOnce => _most;

        public async Task<DeliveryOutcome> SendAsync(OutboxEntry entry, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref _most, now);
            await Task.Delay(perSend, cancellationToken);
            Sent.Enqueue(entry.Post.PostId);
            Interlocked.Decrement(ref _inFlight);
            return new DeliveryOutcome.Sent("m-" + entry.Id);
        }

        public Task<DeliveryOutcome> UpdateAsync(OutboxEntry entry, CancellationToken cancellationToken) =>
            Task.FromResult<DeliveryOutcome>(new DeliveryOutcome.Sent(entry.PlatformMessageId));

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }
}
