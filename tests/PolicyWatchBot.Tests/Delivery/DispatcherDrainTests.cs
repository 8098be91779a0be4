using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Delivery;
using PolicyWatchBot.Observability;
using PolicyWatchBot.Tests.Infrastructure;
using PolicyWatchBot.Tests.Storage;

namespace PolicyWatchBot.Tests.Delivery;

/// <summary>
/// The one-shot drain against a platform that is down or parked: it waits between rounds (every
/// round claims something; none spins on a post blocked behind an older one), gives a channel's
/// posts one due time, and returns what still waits when its wait is over.
/// </summary>
public sealed class DispatcherDrainTests : SqliteStoreTest
{
    private static readonly ChannelKey Desk = new("slack", "T1", "CDESK");
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);

    private readonly OutboxSignal _signal = new();
    private WatchedClock _clock = null!;
    private long _desk;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _clock = new WatchedClock(Clock);
        _desk = await Store.EnsureChannelAsync(Desk, "#desk", Ct);
    }

    public override Task DisposeAsync()
    {
        _signal.Dispose();
        return base.DisposeAsync();
    }

    [Fact]
    public async Task Drain_SinkDownWithThreePostsForOneChannel_EveryRoundClaimsAndOnlyTheOldestIsTried()
    {
        await EnqueueAsync("2025-00001", "2025-00002", "2025-00003");
        var sink = new AlwaysSink("slack", _ => new DeliveryOutcome.Retry("Slack is unavailable (HTTP 503)"));
        var (store, counts) = CountingStore.Wrap(Store);

        var waiting = await DrainOnTheClockAsync(store, sink, new DispatcherOptions { FirstRetryDelay = TimeSpan.FromSeconds(1), DrainWait = TimeSpan.FromSeconds(10) });

        // Tries at 0 s, 1 s, 3 s and 7 s (the backoff doubles); the next, at 15 s, is past the 10 s wait.
        var claims = counts.CallsOf(nameof(IStore.ClaimDueAsync));
        Assert.InRange(claims, 2, 5);
        Assert.Equal(claims, sink.Calls.Count);
        Assert.All(sink.Calls, c => Assert.Equal(sink.Calls[0], c));
        Assert.Equal(3L, waiting.Sum(w => w.Count));
        Assert.Single(waiting.Select(w => w.NextTry).Distinct());
        Assert.Contains(waiting, w => w.Reason == "Slack is unavailable (HTTP 503)" && w.Count == 1);
        Assert.Contains(waiting, w => w.Reason == $"waiting behind {sink.Calls[0]}" && w.Count == 2);
    }

    [Fact]
    public async Task Drain_ChannelParked_ProbesTheOldestOncePerIntervalAndNothingElse()
    {
        await EnqueueAsync("2025-00001", "2025-00002", "2025-00003");
        var sink = new AlwaysSink("slack", _ => new DeliveryOutcome.Parked("not_in_channel: invite the bot", ParkScope.Channel));
        var (store, counts) = CountingStore.Wrap(Store);

        var waiting = await DrainOnTheClockAsync(store, sink, new DispatcherOptions { ParkedProbeInterval = TimeSpan.FromSeconds(2), DrainWait = TimeSpan.FromSeconds(7) });

        var claims = counts.CallsOf(nameof(IStore.ClaimDueAsync));
        Assert.InRange(claims, 2, 4);
        Assert.Equal(claims, sink.Calls.Count);
        var parked = Assert.Single(waiting);
        Assert.Equal((WaitingState.Parked, 3L), (parked.State, parked.Count));
    }

    [Fact]
    public async Task Parked_WhileTheClockMoves_TheChannelsPostsShareOneProbeTime()
    {
        await EnqueueAsync("2025-00001", "2025-00002", "2025-00003");
        var sink = new AlwaysSink("slack", _ => new DeliveryOutcome.Parked("not_in_channel: invite the bot", ParkScope.Channel));
        Clock.AutoAdvanceAmount = TimeSpan.FromMilliseconds(3);

        await CreateDispatcher(Store, sink, new DispatcherOptions()).RunOnceAsync(Ct);

        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(DISTINCT next_attempt_at) FROM alerts WHERE status = 'parked'"));
        Assert.Equal(3L, await ScalarAsync("SELECT COUNT(*) FROM alerts WHERE status = 'parked'"));
    }

    [Fact]
    public async Task Drain_RetryAfterZero_TheNextTryIsAQuarterSecondLaterNotAtOnce()
    {
        await EnqueueAsync("2025-00001");
        var sink = new AlwaysSink("slack", _ => new DeliveryOutcome.Deferred("rate limited (Retry-After: 0)", TimeSpan.Zero));

        await CreateDispatcher(Store, sink, new DispatcherOptions { DrainWait = TimeSpan.Zero }).DrainAsync(Ct);

        Assert.Single(sink.Calls);
        Assert.Equal(Clock.GetUtcNow() + AlertDispatcher.ShortestWait, await Store.GetNextDueAsync(Ct));
    }

    /// <summary>
    /// Runs a drain on the fake clock: whenever it waits, the clock moves a quarter second at a
    /// time until the wait is over, then stands still while the drain works (however slow the machine).
    /// </summary>
    private async Task<IReadOnlyList<WaitingPosts>> DrainOnTheClockAsync(IStore store, IAlertSink sink, DispatcherOptions options)
    {
        var drain = CreateDispatcher(store, sink, options).DrainAsync(Ct);
        for (var steps = 0; steps < 1000; steps++)
        {
            var waits = _clock.TimersCreated;
            var woken = _clock.TimersFired;
            while (!drain.IsCompleted && _clock.TimersCreated == waits)
            {
                await Task.Delay(1, Ct);
            }

            if (drain.IsCompleted)
            {
                break;
            }

            while (_clock.TimersFired == woken)
            {
                _clock.Advance(Step);
            }
        }

        return await drain.WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }

    private AlertDispatcher CreateDispatcher(IStore store, IAlertSink sink, DispatcherOptions options) =>
        TestDispatcher.Create(store, _clock, _signal, TestMetrics.Unread, [sink], options);

    private Task<IReadOnlyList<string>> EnqueueAsync(params string[] documentNumbers) =>
        StoreTestData.EnqueueAsync(Store, _desk, documentNumbers.Select(n => StoreTestData.Item(n)).ToArray());

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection(Database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    /// <summary>The test's fake clock, counting the timers made on it (a drain's waits) and those that went off.</summary>
    private sealed class WatchedClock(FakeTimeProvider clock) : TimeProvider
    {
        private int _created;
        private int _fired;

        public int TimersCreated => Volatile.Read(ref _created);

        public int TimersFired => Volatile.Read(ref _fired);

        public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();

        public override long GetTimestamp() => clock.GetTimestamp();

        public override long TimestampFrequency => clock.TimestampFrequency;

        public override TimeZoneInfo LocalTimeZone => clock.LocalTimeZone;

        public void Advance(TimeSpan by) => clock.Advance(by);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref _created);
            return clock.CreateTimer(s => { Interlocked.Increment(ref _fired); callback(s); }, state, dueTime, period);
        }
    }

    /// <summary>A sink that answers every send the same way and records which post it was asked to send.</summary>
    private sealed class AlwaysSink(string platform, Func<OutboxEntry, DeliveryOutcome> answer) : IAlertSink
    {
        public string Platform { get; } = platform;

        public List<string> Calls { get; } = [];

        public Task<DeliveryOutcome> SendAsync(OutboxEntry entry, CancellationToken cancellationToken)
        {
            lock (Calls)
            {
                Calls.Add(entry.Post.PostId);
            }

            return Task.FromResult(answer(entry));
        }

        public Task<DeliveryOutcome> UpdateAsync(OutboxEntry entry, CancellationToken cancellationToken) => SendAsync(entry, cancellationToken);
    }
}
