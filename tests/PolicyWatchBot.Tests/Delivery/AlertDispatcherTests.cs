using Microsoft.Extensions.Time.Testing;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Delivery;
using PolicyWatchBot.Hosting;
using PolicyWatchBot.Observability;
using PolicyWatchBot.Storage.Sqlite;
using PolicyWatchBot.Tests.Infrastructure;
using PolicyWatchBot.Tests.Storage;

namespace PolicyWatchBot.Tests.Delivery;

public sealed class AlertDispatcherTests : SqliteStoreTest
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(30);

    private readonly ScriptedSink _console = new(ChannelKey.ConsolePlatform);
    private readonly TestMetrics _metrics = new();
    private readonly OutboxSignal _signal = new();
    private long _channel;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _channel = await StoreTestData.ConsoleChannelAsync(Store);
    }

    public override Task DisposeAsync()
    {
        _signal.Dispose();
        _metrics.Dispose();
        return base.DisposeAsync();
    }

    [Fact]
    public async Task RunOnceAsync_PendingAlerts_DeliversEach()
    {
        var ids = await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Items(2));

        var claimed = await CreateDispatcher(_console).RunOnceAsync(Ct);

        Assert.Equal(2, claimed);
        Assert.Equal(ids, _console.ReceivedIds);
    }

    [Fact]
    public async Task RunOnceAsync_Delivered_MarksThemSent()
    {
        await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Items(2));
        using var sent = _metrics.Collect<long>("policywatch_alerts_sent");

        await CreateDispatcher(_console).RunOnceAsync(Ct);

        Assert.Equal(new OutboxCounts(0, 2, 0, 0, 0), await Store.GetOutboxCountsAsync(Ct));
        Assert.Equal(2, TestMetrics.Sum(sent, ("feed", "fr-bis"), ("platform", "console")));
    }

    [Fact]
    public async Task RunOnceAsync_Sent_RecordsDeliveryLatencyByPlatformAndAlertAgeByFeed()
    {
        var item = StoreTestData.Items(1)[0];
        var message = StoreTestData.Message(item) with { SourceTime = Clock.GetUtcNow() - TimeSpan.FromHours(2) };
        await StoreTestData.EnqueueAsync(Store, new PendingAlert(_channel, item.Key, 1, message), item);
        using var latency = _metrics.Collect<double>("policywatch_delivery_latency");
        using var age = _metrics.Collect<double>("policywatch_alert_age");
        Clock.Advance(TimeSpan.FromSeconds(5));

        await CreateDispatcher(_console).RunOnceAsync(Ct);

        var queuedToSent = Assert.Single(latency.GetMeasurementSnapshot());
        Assert.Equal(5, queuedToSent.Value, 3);
        Assert.Equal("console", queuedToSent.Tags["platform"]);
        var publishedToPosted = Assert.Single(age.GetMeasurementSnapshot());
        Assert.Equal(2 * 3600 + 5, publishedToPosted.Value, 3);
        Assert.Equal("fr-bis", publishedToPosted.Tags["feed"]);
    }

    [Fact]
    public async Task RunOnceAsync_OneTakenOverFromALapsedLease_CountsClaimsAndTheLeaseExpiryForThisInstance()
    {
        await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Items(2));
        // Another instance claimed the first and died: its lease runs out.
        Assert.Single(await Store.ClaimDueAsync("dead-instance:0a1b2c3d", Clock.GetUtcNow(), TimeSpan.FromMinutes(2), 1, Ct));
        Clock.Advance(TimeSpan.FromMinutes(2));
        using var claims = _metrics.Collect<long>("policywatch_claims");
        using var expiries = _metrics.Collect<long>("policywatch_lease_expiries");
        var dispatcher = TestDispatcher.Create(Store, Clock, _signal, _metrics.Metrics, [_console],
            new DispatcherOptions { Lease = TimeSpan.FromMinutes(2), BatchSize = 50, FirstRetryDelay = FirstRetryDelay, MaxRetryDelay = MaxRetryDelay },
            new InstanceIdentity("bot-b", clustered: true));

        var claimed = await dispatcher.RunOnceAsync(Ct);

        Assert.Equal(2, claimed);
        Assert.Equal(2, TestMetrics.Sum(claims, ("instance_id", "bot-b")));
        Assert.Equal(1, TestMetrics.Sum(expiries, ("instance_id", "bot-b")));
        Assert.Equal(2, _console.Received.Count);
        Assert.Equal([false, true], _console.Received.Select(e => e.LeaseLapsed).Order());
    }

    [Fact]
    public async Task RunOnceAsync_AlertWithoutASourceTime_LatencyButNoAge()
    {
        await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Items(1));
        using var latency = _metrics.Collect<double>("policywatch_delivery_latency");
        using var age = _metrics.Collect<double>("policywatch_alert_age");

        await CreateDispatcher(_console).RunOnceAsync(Ct);

        Assert.Single(latency.GetMeasurementSnapshot());
        Assert.Empty(age.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task RunOnceAsync_SecondRun_SendsNothingAgain()
    {
        await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Items(2));
        var dispatcher = CreateDispatcher(_console);
        await dispatcher.RunOnceAsync(Ct);
        Clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(0, await dispatcher.RunOnceAsync(Ct));
        Assert.Equal(2, _console.Received.Count);
    }

    [Fact]
    public async Task RunOnceAsync_Delivered_NotSentByAnotherDispatcherEither()
    {
        await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Item());
        await CreateDispatcher(_console).RunOnceAsync(Ct);
        var other = new ScriptedSink(ChannelKey.ConsolePlatform);
        Clock.Advance(TimeSpan.FromHours(1));

        await CreateDispatcher(other).RunOnceAsync(Ct);

        Assert.Empty(other.Received);
    }

    [Fact]
    public async Task RunOnceAsync_NothingPending_ClaimsNothing()
    {
        Assert.Equal(0, await CreateDispatcher(_console).RunOnceAsync(Ct));
        Assert.Empty(_console.Received);
    }

    [Fact]
    public async Task RunOnceAsync_SeveralAlerts_DeliversInIdOrder()
    {
        var ids = await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Items(5));

        await CreateDispatcher(_console).RunOnceAsync(Ct);

        Assert.Equal(ids, _console.ReceivedIds);
        Assert.Equal(_console.Received.Select(r => r.Id).Order(), _console.Received.Select(r => r.Id));
    }

    [Fact]
    public async Task RunOnceAsync_MoreThanBatchSize_DeliversTheFirstBatchInIdOrder()
    {
        var ids = await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Items(5));

        await CreateDispatcher(_console, batchSize: 2).RunOnceAsync(Ct);

        Assert.Equal(ids.Take(2), _console.ReceivedIds);
    }

    [Fact]
    public async Task DrainAsync_MoreThanBatchSize_DeliversAllInIdOrder()
    {
        var ids = await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Items(5));

        await CreateDispatcher(_console, batchSize: 2).DrainAsync(Ct);

        Assert.Equal(ids, _console.ReceivedIds);
    }

    [Fact]
    public async Task RunOnceAsync_SinkAsksToRetry_KeepsTheAlertPending()
    {
        await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Item());
        _console.Then(new DeliveryOutcome.Retry("HTTP 503"));

        await CreateDispatcher(_console).RunOnceAsync(Ct);

        Assert.Equal(new OutboxCounts(1, 0, 0, 0, 0), await Store.GetOutboxCountsAsync(Ct));
    }

    [Fact]
    public async Task RunOnceAsync_AfterRetryBeforeBackoff_DoesNotResend()
    {
        await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Item());
        _console.Then(new DeliveryOutcome.Retry("HTTP 503"));
        var dispatcher = CreateDispatcher(_console);
        await dispatcher.RunOnceAsync(Ct);

        Clock.Advance(FirstRetryDelay - TimeSpan.FromSeconds(1));
        await dispatcher.RunOnceAsync(Ct);

        Assert.Single(_console.Received);
    }

    [Fact]
    public async Task RunOnceAsync_AfterRetryOnceBackoffPassed_ResendsAndMarksSent()
    {
        var id = (await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Item()))[0];
        _console.Then(new DeliveryOutcome.Retry("HTTP 503"));
        var dispatcher = CreateDispatcher(_console);
        await dispatcher.RunOnceAsync(Ct);

        Clock.Advance(FirstRetryDelay);
        await dispatcher.RunOnceAsync(Ct);

        Assert.Equal(new[] { id, id }, _console.ReceivedIds);
        Assert.Equal(1L, (await Store.GetOutboxCountsAsync(Ct)).Sent);
    }

    [Fact]
    public async Task RunOnceAsync_SecondRetry_DoublesTheBackoff()
    {
        await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Item());
        _console.Then(new DeliveryOutcome.Retry("HTTP 503")).Then(new DeliveryOutcome.Retry("HTTP 503"));
        var dispatcher = CreateDispatcher(_console);
        await dispatcher.RunOnceAsync(Ct);
        Clock.Advance(FirstRetryDelay);
        await dispatcher.RunOnceAsync(Ct);

        Assert.Equal(Clock.GetUtcNow() + (2 * FirstRetryDelay), await Store.GetNextDueAsync(Ct));
    }

    [Fact]
    public async Task RunOnceAsync_RetryWithAfter_WaitsThatLongInsteadOfTheBackoff()
    {
        await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Item());
        _console.Then(new DeliveryOutcome.Retry("HTTP 429", After: TimeSpan.FromMinutes(5)));
        var dispatcher = CreateDispatcher(_console);
        await dispatcher.RunOnceAsync(Ct);

        Clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        await dispatcher.RunOnceAsync(Ct);
        var sendsBeforeRetryAfter = _console.Received.Count;
        Clock.Advance(TimeSpan.FromSeconds(1));
        await dispatcher.RunOnceAsync(Ct);

        Assert.Equal(1, sendsBeforeRetryAfter);
        Assert.Equal(2, _console.Received.Count);
    }

    [Fact]
    public async Task RunOnceAsync_SinkThrows_KeepsTheAlertPendingForRetry()
    {
        await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Item());
        _console.ThenThrow(new HttpRequestException("connection reset"));

        await CreateDispatcher(_console).RunOnceAsync(Ct);

        Assert.Equal(new OutboxCounts(1, 0, 0, 0, 0), await Store.GetOutboxCountsAsync(Ct));
        Assert.Equal(Clock.GetUtcNow() + FirstRetryDelay, await Store.GetNextDueAsync(Ct));
    }

    [Fact]
    public async Task RunOnceAsync_SinkThrewBefore_DeliversAfterBackoff()
    {
        var id = (await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Item()))[0];
        _console.ThenThrow(new HttpRequestException("connection reset"));
        var dispatcher = CreateDispatcher(_console);
        await dispatcher.RunOnceAsync(Ct);

        Clock.Advance(FirstRetryDelay);
        await dispatcher.RunOnceAsync(Ct);

        Assert.Equal(new[] { id, id }, _console.ReceivedIds);
        Assert.Equal(new OutboxCounts(0, 1, 0, 0, 0), await Store.GetOutboxCountsAsync(Ct));
    }

    [Fact]
    public async Task RunOnceAsync_SinkThrowsForOneAlert_LaterAlertsOfTheChannelWaitUntried()
    {
        var ids = await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Items(3));
        _console.Then(new DeliveryOutcome.Sent(null)).ThenThrow(new InvalidOperationException("boom"));

        await CreateDispatcher(_console).RunOnceAsync(Ct);

        Assert.Equal(new OutboxCounts(2, 1, 0, 0, 0), await Store.GetOutboxCountsAsync(Ct));
        Assert.Equal(ids.Take(2), _console.ReceivedIds);
    }

    [Fact]
    public async Task RunOnceAsync_SinkThrowsForOneAlert_OtherChannelsStillDelivered()
    {
        var other = await StoreTestData.ConsoleChannelAsync(Store, "other");
        await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Item("2025-00001"));
        var otherId = (await StoreTestData.EnqueueAsync(Store, other, StoreTestData.Item("2025-00002")))[0];
        _console.Then(new DeliveryOutcome.Retry("HTTP 503"));

        await CreateDispatcher(_console).RunOnceAsync(Ct);

        Assert.Contains(otherId, _console.ReceivedIds);
        Assert.Equal(new OutboxCounts(1, 1, 0, 0, 0), await Store.GetOutboxCountsAsync(Ct));
    }

    [Fact]
    public async Task RunOnceAsync_SinkSaysFailed_MarksTheAlertFailed()
    {
        await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Item());
        _console.Then(new DeliveryOutcome.Failed("channel_not_found"));

        await CreateDispatcher(_console).RunOnceAsync(Ct);

        Assert.Equal(new OutboxCounts(0, 0, 1, 0, 0), await Store.GetOutboxCountsAsync(Ct));
    }

    [Fact]
    public async Task RunOnceAsync_AfterFailed_NeverResends()
    {
        await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Item());
        _console.Then(new DeliveryOutcome.Failed("channel_not_found"));
        var dispatcher = CreateDispatcher(_console);
        await dispatcher.RunOnceAsync(Ct);

        Clock.Advance(TimeSpan.FromDays(1));
        await dispatcher.RunOnceAsync(Ct);

        Assert.Single(_console.Received);
    }

    [Fact]
    public async Task RunOnceAsync_PlatformWithoutSink_KeepsTheAlertPending()
    {
        var slack = await Store.EnsureChannelAsync(new ChannelKey("slack", "T1", "C1"), "#x", Ct);
        await StoreTestData.EnqueueAsync(Store, slack, StoreTestData.Item());

        await CreateDispatcher(_console).RunOnceAsync(Ct);

        Assert.Equal(new OutboxCounts(1, 0, 0, 0, 0), await Store.GetOutboxCountsAsync(Ct));
        Assert.Equal(Clock.GetUtcNow() + MaxRetryDelay, await Store.GetNextDueAsync(Ct));
        Assert.Empty(_console.Received);
    }

    [Fact]
    public async Task RunOnceAsync_PlatformSinkAddedLater_DeliversTheParkedAlert()
    {
        var slack = await Store.EnsureChannelAsync(new ChannelKey("slack", "T1", "C1"), "#x", Ct);
        var id = (await StoreTestData.EnqueueAsync(Store, slack, StoreTestData.Item()))[0];
        await CreateDispatcher(_console).RunOnceAsync(Ct);
        var slackSink = new ScriptedSink("slack");

        Clock.Advance(MaxRetryDelay);
        await CreateDispatcher(_console, slackSink).RunOnceAsync(Ct);

        Assert.Equal(new[] { id }, slackSink.ReceivedIds);
    }

    [Fact]
    public async Task RunOnceAsync_TwoPlatforms_EachAlertGoesToItsPlatformSink()
    {
        var slack = await Store.EnsureChannelAsync(new ChannelKey("slack", "T1", "C1"), "#x", Ct);
        var consoleId = (await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Item("2024-00001")))[0];
        var slackId = (await StoreTestData.EnqueueAsync(Store, slack, StoreTestData.Item("2024-00002")))[0];
        var slackSink = new ScriptedSink("slack");

        await CreateDispatcher(_console, slackSink).RunOnceAsync(Ct);

        Assert.Equal(new[] { consoleId }, _console.ReceivedIds);
        Assert.Equal(new[] { slackId }, slackSink.ReceivedIds);
    }

    [Fact]
    public async Task RunOnceAsync_StoppedWhileSending_GivesItsClaimsBackForTheNextWorkerAtOnce()
    {
        var ids = await StoreTestData.EnqueueAsync(Store, _channel, StoreTestData.Items(2));
        var sink = new HangingSink(ChannelKey.ConsolePlatform);
        using var stopping = new CancellationTokenSource();
        var run = CreateDispatcher(sink).RunOnceAsync(stopping.Token);
        await sink.Sending.Task.WaitAsync(Ct);

        await stopping.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        var taken = await Store.ClaimDueAsync("next-worker", Clock.GetUtcNow(), TimeSpan.FromMinutes(2), 10, Ct);

        Assert.Equal(ids, taken.Select(e => e.Post.PostId));
        Assert.Equal(new OutboxCounts(2, 0, 0, 0, 0), await Store.GetOutboxCountsAsync(Ct));
    }

    /// <summary>A platform that never answers: a send waits until the dispatcher is stopped.</summary>
    private sealed class HangingSink(string platform) : IAlertSink
    {
        public TaskCompletionSource Sending { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Platform { get; } = platform;

        public async Task<DeliveryOutcome> SendAsync(OutboxEntry entry, CancellationToken cancellationToken)
        {
            Sending.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("a hanging send never returns");
        }

        public Task<DeliveryOutcome> UpdateAsync(OutboxEntry entry, CancellationToken cancellationToken) => SendAsync(entry, cancellationToken);
    }

    private AlertDispatcher CreateDispatcher(params IAlertSink[] sinks) => CreateDispatcher(sinks, batchSize: 50);

    private AlertDispatcher CreateDispatcher(IAlertSink sink, int batchSize) => CreateDispatcher([sink], batchSize);

    private AlertDispatcher CreateDispatcher(IAlertSink[] sinks, int batchSize) =>
        TestDispatcher.Create(Store, Clock, _signal, _metrics.Metrics, sinks, new DispatcherOptions
        {
            Lease = TimeSpan.FromMinutes(2),
            BatchSize = batchSize,
            FirstRetryDelay = FirstRetryDelay,
            MaxRetryDelay = MaxRetryDelay,
        });
}
