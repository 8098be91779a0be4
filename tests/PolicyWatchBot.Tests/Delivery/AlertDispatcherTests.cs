using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Delivery;
using PolicyWatchBot.Observability;
using PolicyWatchBot.Storage.Sqlite;
using PolicyWatchBot.Tests.Infrastructure;
using PolicyWatchBot.Tests.Storage;

namespace PolicyWatchBot.Tests.Delivery;

public sealed class AlertDispatcherTests : IAsyncLifetime
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(30);

    private readonly FakeTimeProvider _clock = new(StoreTestData.Start);
    private readonly TempSqliteDatabase _db = new();
    private readonly CancellationToken _ct = Fixtures.Timeout();
    private readonly ScriptedSink _console = new(ChannelKey.ConsolePlatform);
    private readonly PolicyWatchMetrics _metrics = new();
    private readonly OutboxSignal _signal = new();
    private SqliteStore _store = null!;
    private long _channel;

    public async Task InitializeAsync()
    {
        _store = _db.CreateStore(_clock);
        await _store.MigrateAsync(_ct);
        _channel = await StoreTestData.ConsoleChannelAsync(_store);
    }

    public Task DisposeAsync()
    {
        _signal.Dispose();
        _db.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task RunOnceAsync_PendingAlerts_DeliversEach()
    {
        var ids = await StoreTestData.EnqueueAsync(_store, _channel, StoreTestData.Items(2));

        var claimed = await CreateDispatcher(_console).RunOnceAsync(_ct);

        Assert.Equal(2, claimed);
        Assert.Equal(ids, _console.ReceivedIds);
    }

    [Fact]
    public async Task RunOnceAsync_Delivered_MarksThemSent()
    {
        await StoreTestData.EnqueueAsync(_store, _channel, StoreTestData.Items(2));

        await CreateDispatcher(_console).RunOnceAsync(_ct);

        Assert.Equal(new OutboxCounts(0, 2, 0, 0, 0), await _store.GetOutboxCountsAsync(_ct));
        Assert.Equal(2, _metrics.Get("policywatch_alerts_sent_total", "platform=\"console\""));
    }

    [Fact]
    public async Task RunOnceAsync_SecondRun_SendsNothingAgain()
    {
        await StoreTestData.EnqueueAsync(_store, _channel, StoreTestData.Items(2));
        var dispatcher = CreateDispatcher(_console);
        await dispatcher.RunOnceAsync(_ct);
        _clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(0, await dispatcher.RunOnceAsync(_ct));
        Assert.Equal(2, _console.Received.Count);
    }

    [Fact]
    public async Task RunOnceAsync_Delivered_NotSentByAnotherDispatcherEither()
    {
        await StoreTestData.EnqueueAsync(_store, _channel, StoreTestData.Item());
        await CreateDispatcher(_console).RunOnceAsync(_ct);
        var other = new ScriptedSink(ChannelKey.ConsolePlatform);
        _clock.Advance(TimeSpan.FromHours(1));

        await CreateDispatcher(other).RunOnceAsync(_ct);

        Assert.Empty(other.Received);
    }

    [Fact]
    public async Task RunOnceAsync_NothingPending_ClaimsNothing()
    {
        Assert.Equal(0, await CreateDispatcher(_console).RunOnceAsync(_ct));
        Assert.Empty(_console.Received);
    }

    [Fact]
    public async Task RunOnceAsync_SeveralAlerts_DeliversInIdOrder()
    {
        var ids = await StoreTestData.EnqueueAsync(_store, _channel, StoreTestData.Items(5));

        await CreateDispatcher(_console).RunOnceAsync(_ct);

        Assert.Equal(ids, _console.ReceivedIds);
        Assert.Equal(_console.Received.Select(r => r.Id).Order(), _console.Received.Select(r => r.Id));
    }

    [Fact]
    public async Task RunOnceAsync_MoreThanBatchSize_DeliversTheFirstBatchInIdOrder()
    {
        var ids = await StoreTestData.EnqueueAsync(_store, _channel, StoreTestData.Items(5));

        await CreateDispatcher(_console, batchSize: 2).RunOnceAsync(_ct);

        Assert.Equal(ids.Take(2), _console.ReceivedIds);
    }

    [Fact]
    public async Task DrainAsync_MoreThanBatchSize_DeliversAllInIdOrder()
    {
        var ids = await StoreTestData.EnqueueAsync(_store, _channel, StoreTestData.Items(5));

        await CreateDispatcher(_console, batchSize: 2).DrainAsync(_ct);

        Assert.Equal(ids, _console.ReceivedIds);
    }

    [Fact]
    public async Task RunOnceAsync_SinkAsksToRetry_KeepsTheAlertPending()
    {
        await StoreTestData.EnqueueAsync(_store, _channel, StoreTestData.Item());
        _console.Then(new DeliveryOutcome.Retry("HTTP 503"));

        await CreateDispatcher(_console).RunOnceAsync(_ct);

        Assert.Equal(new OutboxCounts(1, 0, 0, 0, 0), await _store.GetOutboxCountsAsync(_ct));
    }

    [Fact]
    public async Task RunOnceAsync_AfterRetryBeforeBackoff_DoesNotResend()
    {
        await StoreTestData.EnqueueAsync(_store, _channel, StoreTestData.Item());
        _console.Then(new DeliveryOutcome.Retry("HTTP 503"));
        var dispatcher = CreateDispatcher(_console);
        await dispatcher.RunOnceAsync(_ct);

        _clock.Advance(FirstRetryDelay - TimeSpan.FromSeconds(1));
        await dispatcher.RunOnceAsync(_ct);

        Assert.Single(_console.Received);
    }

    [Fact]
    public async Task RunOnceAsync_AfterRetryOnceBackoffPassed_ResendsAndMarksSent()
    {
        var id = (await StoreTestData.EnqueueAsync(_store, _channel, StoreTestData.Item()))[0];
        _console.Then(new DeliveryOutcome.Retry("HTTP 503"));
        var dispatcher = CreateDispatcher(_console);
        await dispatcher.RunOnceAsync(_ct);

        _clock.Advance(FirstRetryDelay);
        await dispatcher.RunOnceAsync(_ct);

        Assert.Equal(new[] { id, id }, _console.ReceivedIds);
        Assert.Equal(1L, (await _store.GetOutboxCountsAsync(_ct)).Sent);
    }

    [Fact]
    public async Task RunOnceAsync_SecondRetry_DoublesTheBackoff()
    {
        await StoreTestData.EnqueueAsync(_store, _channel, StoreTestData.Item());
        _console.Then(new DeliveryOutcome.Retry("HTTP 503")).Then(new DeliveryOutcome.Retry("HTTP 503"));
        var dispatcher = CreateDispatcher(_console);
        await dispatcher.RunOnceAsync(_ct);
        _clock.Advance(FirstRetryDelay);
        await dispatcher.RunOnceAsync(_ct);

        Assert.Equal(_clock.GetUtcNow() + (2 * FirstRetryDelay), await _store.GetNextDueAsync(_ct));
    }

    [Fact]
    public async Task RunOnceAsync_RetryWithAfter_WaitsThatLongInsteadOfTheBackoff()
    {
        await StoreTestData.EnqueueAsync(_store, _channel, StoreTestData.Item());
        _console.Then(new DeliveryOutcome.Retry("HTTP 429", After: TimeSpan.FromMinutes(5)));
        var dispatcher = CreateDispatcher(_console);
        await dispatcher.RunOnceAsync(_ct);

        _clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        await dispatcher.RunOnceAsync(_ct);
        var sendsBeforeRetryAfter = _console.Received.Count;
        _clock.Advance(TimeSpan.FromSeconds(1));
        await dispatcher.RunOnceAsync(_ct);

        Assert.Equal(1, sendsBeforeRetryAfter);
        Assert.Equal(2, _console.Received.Count);
    }

    [Fact]
    public async Task RunOnceAsync_SinkThrows_KeepsTheAlertPendingForRetry()
    {
        await StoreTestData.EnqueueAsync(_store, _channel, StoreTestData.Item());
        _console.ThenThrow(new HttpRequestException("connection reset"));

        await CreateDispatcher(_console).RunOnceAsync(_ct);

        Assert.Equal(new OutboxCounts(1, 0, 0, 0, 0), await _store.GetOutboxCountsAsync(_ct));
        Assert.Equal(_clock.GetUtcNow() + FirstRetryDelay, await _store.GetNextDueAsync(_ct));
    }

    [Fact]
    public async Task RunOnceAsync_SinkThrewBefore_DeliversAfterBackoff()
    {
        var id = (await StoreTestData.EnqueueAsync(_store, _channel, StoreTestData.Item()))[0];
        _console.ThenThrow(new HttpRequestException("connection reset"));
        var dispatcher = CreateDispatcher(_console);
        await dispatcher.RunOnceAsync(_ct);

        _clock.Advance(FirstRetryDelay);
        await dispatcher.RunOnceAsync(_ct);

        Assert.Equal(new[] { id, id }, _console.ReceivedIds);
        Assert.Equal(new OutboxCounts(0, 1, 0, 0, 0), await _store.GetOutboxCountsAsync(_ct));
    }

    [Fact]
    public async Task RunOnceAsync_SinkThrowsForOneAlert_StillDeliversTheOthers()
    {
        await StoreTestData.EnqueueAsync(_store, _channel, StoreTestData.Items(3));
        _console.Then(new DeliveryOutcome.Sent(null)).ThenThrow(new InvalidOperationException("boom"));

        await CreateDispatcher(_console).RunOnceAsync(_ct);

        Assert.Equal(new OutboxCounts(1, 2, 0, 0, 0), await _store.GetOutboxCountsAsync(_ct));
    }

    [Fact]
    public async Task RunOnceAsync_SinkSaysFailed_MarksTheAlertFailed()
    {
        await StoreTestData.EnqueueAsync(_store, _channel, StoreTestData.Item());
        _console.Then(new DeliveryOutcome.Failed("channel_not_found"));

        await CreateDispatcher(_console).RunOnceAsync(_ct);

        Assert.Equal(new OutboxCounts(0, 0, 1, 0, 0), await _store.GetOutboxCountsAsync(_ct));
    }

    [Fact]
    public async Task RunOnceAsync_AfterFailed_NeverResends()
    {
        await StoreTestData.EnqueueAsync(_store, _channel, StoreTestData.Item());
        _console.Then(new DeliveryOutcome.Failed("channel_not_found"));
        var dispatcher = CreateDispatcher(_console);
        await dispatcher.RunOnceAsync(_ct);

        _clock.Advance(TimeSpan.FromDays(1));
        await dispatcher.RunOnceAsync(_ct);

        Assert.Single(_console.Received);
    }

    [Fact]
    public async Task RunOnceAsync_PlatformWithoutSink_KeepsTheAlertPending()
    {
        var slack = await _store.EnsureChannelAsync(new ChannelKey("slack", "T1", "C1"), "#x", _ct);
        await StoreTestData.EnqueueAsync(_store, slack, StoreTestData.Item());

        await CreateDispatcher(_console).RunOnceAsync(_ct);

        Assert.Equal(new OutboxCounts(1, 0, 0, 0, 0), await _store.GetOutboxCountsAsync(_ct));
        Assert.Equal(_clock.GetUtcNow() + MaxRetryDelay, await _store.GetNextDueAsync(_ct));
        Assert.Empty(_console.Received);
    }

    [Fact]
    public async Task RunOnceAsync_PlatformSinkAddedLater_DeliversTheParkedAlert()
    {
        var slack = await _store.EnsureChannelAsync(new ChannelKey("slack", "T1", "C1"), "#x", _ct);
        var id = (await StoreTestData.EnqueueAsync(_store, slack, StoreTestData.Item()))[0];
        await CreateDispatcher(_console).RunOnceAsync(_ct);
        var slackSink = new ScriptedSink("slack");

        _clock.Advance(MaxRetryDelay);
        await CreateDispatcher(_console, slackSink).RunOnceAsync(_ct);

        Assert.Equal(new[] { id }, slackSink.ReceivedIds);
    }

    [Fact]
    public async Task RunOnceAsync_TwoPlatforms_EachAlertGoesToItsPlatformSink()
    {
        var slack = await _store.EnsureChannelAsync(new ChannelKey("slack", "T1", "C1"), "#x", _ct);
        var consoleId = (await StoreTestData.EnqueueAsync(_store, _channel, StoreTestData.Item("2024-00001")))[0];
        var slackId = (await StoreTestData.EnqueueAsync(_store, slack, StoreTestData.Item("2024-00002")))[0];
        var slackSink = new ScriptedSink("slack");

        await CreateDispatcher(_console, slackSink).RunOnceAsync(_ct);

        Assert.Equal(new[] { consoleId }, _console.ReceivedIds);
        Assert.Equal(new[] { slackId }, slackSink.ReceivedIds);
    }

    private AlertDispatcher CreateDispatcher(params IAlertSink[] sinks) => CreateDispatcher(sinks, batchSize: 50);

    private AlertDispatcher CreateDispatcher(IAlertSink sink, int batchSize) => CreateDispatcher([sink], batchSize);

    private AlertDispatcher CreateDispatcher(IAlertSink[] sinks, int batchSize) => new(
        _store,
        sinks,
        _signal,
        _metrics,
        Options.Create(new DispatcherOptions
        {
            Lease = TimeSpan.FromMinutes(2),
            BatchSize = batchSize,
            FirstRetryDelay = FirstRetryDelay,
            MaxRetryDelay = MaxRetryDelay,
        }),
        _clock,
        NullLogger<AlertDispatcher>.Instance);
}
