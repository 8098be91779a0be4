using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Delivery;

namespace PolicyWatchBot.Feeds.Polling;

/// <summary>
/// Tells the channels subscribed to a feed, once, when it brings them no alerts (failed
/// <see cref="FeedOptions.FailedPollsBeforeNotice"/> polls in a row, or answered with zero items where
/// it had some) and, once, when it is read again, with how many items that poll caught up (a
/// channel that subscribed during the outage, told of it by the subscribe reply, is told too). The
/// store opens and closes the outage with its notices in one transaction, so a restart, a retry
/// or another instance never tells anyone twice.
/// </summary>
internal sealed class FeedHealthWatch(
    IStore store,
    ChannelDirectoryCache channels,
    OutboxSignal outbox,
    IOptions<FeedOptions> options,
    ILogger<FeedHealthWatch> logger)
{
    /// <summary>After a failed poll, with the state it recorded.</summary>
    public async Task FailedAsync(FeedDefinition feed, FeedState failed, CancellationToken cancellationToken)
    {
        if (failed.ConsecutiveFailures < options.Value.FailedPollsBeforeNotice)
        {
            return;
        }

        await OpenAsync(feed, new FeedHealthNotice
        {
            FeedId = feed.Id.Value,
            Change = FeedHealthChange.Failing,
            At = failed.LastErrorAt ?? failed.LastPolledAt!.Value,
            Since = failed.LastSuccessAt,
            FailedPolls = failed.ConsecutiveFailures,
            Reason = failed.LastError,
        }, cancellationToken);
    }

    /// <summary>
    /// After a poll that got an answer. <paramref name="parsedItems"/>: the items of the body just
    /// parsed, or null when it was not parsed (304, same bytes); <paramref name="caughtUp"/>: the
    /// items it found new or changed.
    /// </summary>
    public async Task SucceededAsync(FeedDefinition feed, FeedState before, FeedState after, int? parsedItems, int caughtUp, CancellationToken cancellationToken)
    {
        var at = after.LastSuccessAt!.Value;
        if (await store.GetOpenOutageAsync(feed.Id, cancellationToken) is { } outage
            && (outage.Cause == FeedHealthChange.Failing || parsedItems > 0))
        {
            var told = await store.CloseOutageAsync(feed.Id, new FeedHealthNotice
            {
                FeedId = feed.Id.Value,
                Change = FeedHealthChange.Recovered,
                At = at,
                Since = outage.Since,
                CaughtUp = caughtUp,
            }, await SubscribersAsync(feed, cancellationToken), cancellationToken);
            if (told is { } count)
            {
                logger.FeedRecovered(feed.Id, count, caughtUp);
                outbox.Notify();
            }
        }

        if (parsedItems == 0 && before.LastItemCount > 0)
        {
            await OpenAsync(feed, new FeedHealthNotice
            {
                FeedId = feed.Id.Value,
                Change = FeedHealthChange.Empty,
                At = at,
                Since = before.LastSuccessAt,
                Reason = after.Warning,
            }, cancellationToken);
        }
    }

    private async Task OpenAsync(FeedDefinition feed, FeedHealthNotice notice, CancellationToken cancellationToken)
    {
        var subscribers = await SubscribersAsync(feed, cancellationToken);
        if (await store.OpenOutageAsync(feed.Id, notice, subscribers, cancellationToken))
        {
            logger.FeedInTrouble(feed.Id, notice.Change, subscribers.Count);
            if (subscribers.Count > 0)
            {
                outbox.Notify();
            }
        }
    }

    private async Task<List<long>> SubscribersAsync(FeedDefinition feed, CancellationToken cancellationToken) =>
        (await channels.GetAsync(cancellationToken)).SubscribersOf(feed).Channels.Select(c => c.ChannelId).ToList();
}
