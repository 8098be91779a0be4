using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Hosting;
using PolicyWatchBot.Observability;

namespace PolicyWatchBot.Delivery;

/// <summary>
/// Delivers the outbox: claims due posts (alerts, digests, and updates of sent messages) with a
/// lease, hands each to its platform's sink, and records the outcome. Nothing is dropped: a failed
/// send waits with backoff and is retried; a post its renderer cannot handle is kept as failed, with
/// why. Each round first offers the alerts of mutes that ran out. Digests and reminders are queued at
/// their times by Quartz in the worker (<see cref="TimedPosts"/>), and by <see cref="DrainAsync"/> for one-shot verbs.
/// </summary>
internal sealed class AlertDispatcher(
    IStore store,
    IEnumerable<IAlertSink> sinks,
    HeldAlertRelease heldAlerts,
    TimedPosts timed,
    OutboxSignal signal,
    PolicyWatchMetrics metrics,
    InstanceIdentity instance,
    IOptions<DispatcherOptions> options,
    TimeProvider time,
    ILogger<AlertDispatcher> logger) : BackgroundService
{
    private readonly Dictionary<string, IAlertSink> _sinks = sinks.ToDictionary(s => s.Platform, StringComparer.Ordinal);
    /// <summary>
    /// The shortest wait the outbox gives a post that did not go (a platform's "retry after 0"):
    /// without it, a post could be due again at once and a drain would go round without pause.
    /// </summary>
    internal static readonly TimeSpan ShortestWait = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a stopping dispatcher gives the store to take back its leases (they lapse on their own otherwise).</summary>
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(2);

    // The instance names the lease (who holds a post, across instances); the suffix tells two dispatchers of one process apart.
    private readonly string _owner = $"{instance.Id}:{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>
    /// Delivers every post due now; returns how many were claimed. Channels are served side by
    /// side, each channel's posts one after another in order, so a slow or rate-limited channel
    /// does not hold up the others.
    /// </summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await heldAlerts.ReleaseLapsedAsync(cancellationToken);
        var settings = options.Value;
        var claimed = await store.ClaimDueAsync(_owner, time.GetUtcNow(), settings.Lease, settings.BatchSize, cancellationToken);
        metrics.PostsClaimed(instance.Id, claimed.Count, claimed.Count(e => e.LeaseLapsed));
        try
        {
            await Parallel.ForEachAsync(
                claimed.GroupBy(e => e.Channel).Select(g => g.ToList()),
                new ParallelOptions { MaxDegreeOfParallelism = settings.ChannelsAtOnce, CancellationToken = cancellationToken },
                DeliverChannelAsync);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await ReleaseClaimsAsync();
            throw;
        }

        return claimed.Count;
    }

    /// <summary>Stopping: what this dispatcher claimed and did not finish is due again for the next worker at once.</summary>
    private async Task ReleaseClaimsAsync()
    {
        using var bounded = new CancellationTokenSource(ReleaseTimeout);
        try
        {
            await store.ReleaseClaimsAsync(_owner, bounded.Token);
        }
        catch (Exception ex)
        {
            logger.ClaimsNotReleased(ex);
        }
    }

    /// <summary>
    /// Delivers for <c>poll --once</c> and <c>chat</c> before they exit: goes on at once while posts
    /// are due now, waits for posts due within <see cref="DispatcherOptions.DrainWait"/> of the start
    /// (a rate limit, a short backoff), and returns what is still waiting then, empty when
    /// everything went. What waits stays in the outbox for the next run. Without the worker's
    /// scheduler, it queues the digests and reminders that are due as it goes.
    /// </summary>
    public async Task<IReadOnlyList<WaitingPosts>> DrainAsync(CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + options.Value.DrainWait;
        while (true)
        {
            await timed.ReleaseDueAsync(cancellationToken);
            var claimed = await RunOnceAsync(cancellationToken);
            var next = await store.GetNextDueAsync(cancellationToken);
            if (next is null)
            {
                return [];
            }

            var now = time.GetUtcNow();
            if (claimed > 0 && next <= now)
            {
                continue;
            }

            // Nothing was claimed yet something is due: never go round again without a pause.
            var wakeAt = next > now ? next.Value : now + ShortestWait;
            if (wakeAt > deadline)
            {
                return await store.GetWaitingAsync(cancellationToken);
            }

            await Task.Delay(wakeAt - now, time, cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await RunOnceAsync(stoppingToken) == options.Value.BatchSize)
                {
                    continue;
                }

                await signal.WaitAsync(await DelayUntilNextDueAsync(stoppingToken), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LoopFailed(ex);
                await Task.Delay(TimeSpan.FromSeconds(5), time, stoppingToken);
            }
        }
    }

    private async Task<TimeSpan> DelayUntilNextDueAsync(CancellationToken cancellationToken)
    {
        var idle = options.Value.IdlePoll;
        var next = Earliest(await store.GetNextDueAsync(cancellationToken), await store.GetNextMuteEndAsync(cancellationToken));
        if (next is null)
        {
            return idle;
        }

        var wait = next.Value - time.GetUtcNow();
        return wait <= TimeSpan.Zero ? ShortestWait : wait < idle ? wait : idle;
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    /// <summary>
    /// Delivers one channel's claimed posts in order. After anything but a send of its own, the rest
    /// of the channel waits with the post that stopped, until the same time (the claim keeps later
    /// posts behind it too), so a channel's posts fall due together, not milliseconds apart.
    /// </summary>
    private async ValueTask DeliverChannelAsync(List<OutboxEntry> entries, CancellationToken cancellationToken)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            var outcome = await CallSinkAsync(entries[i], cancellationToken);
            var until = await RecordAsync(entries[i], outcome);
            if (outcome is DeliveryOutcome.Sent or DeliveryOutcome.Failed { WholeChannel: false })
            {
                continue;
            }

            foreach (var behind in entries.Skip(i + 1))
            {
                await HoldBackAsync(behind, entries[i].Post.PostId, outcome, until);
            }

            return;
        }
    }

    private async Task<DeliveryOutcome> CallSinkAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        var platform = entry.Channel.Platform;
        if (!_sinks.TryGetValue(platform, out var sink))
        {
            return new DeliveryOutcome.Retry($"{platform} is not configured on this instance (no credentials)", options.Value.MaxRetryDelay);
        }

        try
        {
            return entry.Ref.Work == OutboxWork.Update
                ? await sink.UpdateAsync(entry, cancellationToken)
                : await sink.SendAsync(entry, cancellationToken);
        }
        catch (UnrenderablePostException ex)
        {
            // Rendering again gives the same result: the post fails alone and the channel goes on.
            return new DeliveryOutcome.Failed(ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.SinkThrew(entry.Post.PostId, ex);
            return new DeliveryOutcome.Retry($"{ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>
    /// Records what the platform said; returns when the post is due again (now when it went or
    /// failed). Outcomes are recorded even while shutting down: a sent post must never be sent again.
    /// </summary>
    private async Task<DateTimeOffset> RecordAsync(OutboxEntry entry, DeliveryOutcome outcome)
    {
        var platform = entry.Channel.Platform;
        var channel = entry.Channel.ToString();
        var postId = entry.Post.PostId;
        var feed = entry.Post switch
        {
            AlertMessage alert => alert.FeedId,
            ReminderMessage reminder => reminder.FeedId,
            FeedHealthNotice notice => notice.FeedId,
            _ => "(digest)",
        };
        var now = time.GetUtcNow();
        switch (outcome)
        {
            case DeliveryOutcome.Sent sent:
                await store.MarkSentAsync(entry.Ref, _owner, sent.PlatformMessageId, sent.StartedThread, now, CancellationToken.None);
                metrics.AlertSent(platform, feed, entry.Ref.Work == OutboxWork.Send ? now - entry.QueuedAt : null, AgeOnFirstPost(entry, now));
                logger.Delivered(postId, channel);
                if (await store.ResumeParkedAsync(entry.Channel, ParkScope.Platform, now, CancellationToken.None) > 0)
                {
                    logger.Resumed(platform, channel);
                }

                return now;
            case DeliveryOutcome.Retry retry:
                var retryAt = now + AtLeastShortest(retry.After ?? Backoff(entry.Attempts));
                await store.MarkRetryAsync(entry.Ref, _owner, retryAt, retry.Reason, CancellationToken.None);
                metrics.AlertRetried(platform, feed);
                logger.WillRetry(postId, channel, entry.Attempts, retry.Reason, retryAt);
                return retryAt;
            case DeliveryOutcome.Deferred deferred:
                var deferredTo = now + AtLeastShortest(deferred.After);
                await store.MarkDeferredAsync(entry.Ref, _owner, deferredTo, deferred.Reason, CancellationToken.None);
                logger.Deferred(postId, channel, deferred.Reason, deferred.After);
                return deferredTo;
            case DeliveryOutcome.Parked parked:
                var probeAt = now + options.Value.ParkedProbeInterval;
                await store.MarkParkedAsync(entry.Ref, _owner, parked.Scope, probeAt, parked.Reason, CancellationToken.None);
                var others = await store.ParkPendingAsync(entry.Channel, parked.Scope, probeAt, parked.Reason, now, CancellationToken.None);
                metrics.AlertRetried(platform, feed);
                if (parked.Scope == ParkScope.Platform)
                {
                    logger.PlatformParked(platform, others + 1, parked.Reason, probeAt);
                }
                else
                {
                    logger.ChannelParked(channel, others + 1, parked.Reason, probeAt);
                }

                return probeAt;
            case DeliveryOutcome.Failed failed:
                await store.MarkFailedAsync(entry.Ref, _owner, failed.Reason, CancellationToken.None);
                metrics.AlertFailed(platform, feed);
                logger.Undeliverable(postId, channel, failed.Reason);
                if (failed.WholeChannel)
                {
                    var more = await store.FailUnsentAsync(entry.Channel, failed.Reason, now, CancellationToken.None);
                    logger.ChannelFailed(channel, more, failed.Reason);
                }

                return now;
            default:
                throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "unknown delivery outcome");
        }
    }

    // Latency and age count a post's first send; an edit of it (an ack) is not a new post.
    private static TimeSpan? AgeOnFirstPost(OutboxEntry entry, DateTimeOffset now) =>
        entry is { Ref.Work: OutboxWork.Send, Post: AlertMessage { SourceTime: { } published } } ? now - published : null;

    /// <summary>A claimed post behind one that could not go: it shares that post's fate, and its time, without being tried.</summary>
    private async Task HoldBackAsync(OutboxEntry entry, string blockedBy, DeliveryOutcome outcome, DateTimeOffset until)
    {
        switch (outcome)
        {
            case DeliveryOutcome.Parked parked:
                await store.MarkParkedAsync(entry.Ref, _owner, parked.Scope, until, parked.Reason, CancellationToken.None);
                break;
            case DeliveryOutcome.Failed failed when entry.Ref.Work == OutboxWork.Send:
                await store.MarkFailedAsync(entry.Ref, _owner, failed.Reason, CancellationToken.None);
                break;
            default:
                await store.MarkDeferredAsync(entry.Ref, _owner, until, $"waiting behind {blockedBy}", CancellationToken.None);
                break;
        }
    }

    private static TimeSpan AtLeastShortest(TimeSpan wait) => wait < ShortestWait ? ShortestWait : wait;

    private TimeSpan Backoff(int attempts)
    {
        var settings = options.Value;
        var delay = TimeSpan.FromTicks(settings.FirstRetryDelay.Ticks << Math.Clamp(attempts - 1, 0, 16));
        return delay > settings.MaxRetryDelay ? settings.MaxRetryDelay : delay;
    }
}
