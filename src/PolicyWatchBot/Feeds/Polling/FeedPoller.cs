using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Mutes;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Delivery;
using PolicyWatchBot.Feeds.Fetching;
using PolicyWatchBot.Feeds.Parsing;
using PolicyWatchBot.Observability;

namespace PolicyWatchBot.Feeds.Polling;

/// <summary>
/// One poll of one feed: fetch, parse, diff against the store, match each subscribing channel's
/// rules, and queue alerts, with the diff and the alerts in one transaction. A failure is
/// recorded on the feed alone and backs it off.
/// </summary>
internal sealed class FeedPoller(
    IStore store,
    FeedFetcher fetcher,
    FeedParser parser,
    RuleSetCache ruleSets,
    OutboxSignal outbox,
    PolicyWatchMetrics metrics,
    IOptions<FeedOptions> options,
    TimeProvider time,
    ILogger<FeedPoller> logger) : IFeedPoller
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMinutes(1);

    public async Task<PollReport> PollAsync(FeedDefinition feed, bool ignoreBackoff, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var state = await store.GetFeedStateAsync(feed.Id, cancellationToken);
        var now = time.GetUtcNow();
        if (!ignoreBackoff && state.RetryAfter > now)
        {
            logger.BackingOff(feed.Id, state.RetryAfter.Value);
            return new PollReport(feed.Id, PollOutcome.SkippedBackingOff, 0, 0, 0, 0, state.LastError);
        }

        try
        {
            var report = await PollOnceAsync(feed, state, cancellationToken);
            metrics.PollCompleted(feed.Id.Value, report.Outcome.ToString());
            if (report.Outcome == PollOutcome.Polled)
            {
                logger.Polled(feed.Id, report.Items, report.New, report.Changed, report.AlertsQueued, (long)time.GetElapsedTime(started).TotalMilliseconds);
            }

            return report;
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            var expected = ex is FeedFetchException or FeedParseException;
            if (!expected)
            {
                logger.PollCrashed(feed.Id, ex);
            }

            var reason = OneLine(expected ? ex.Message : $"feed {feed.Id}: unexpected {ex.GetType().Name}: {ex.Message}");
            await RecordFailureAsync(feed.Id, reason);
            metrics.PollCompleted(feed.Id.Value, PollOutcome.Failed.ToString());
            return new PollReport(feed.Id, PollOutcome.Failed, 0, 0, 0, 0, reason);
        }
    }

    private async Task<PollReport> PollOnceAsync(FeedDefinition feed, FeedState state, CancellationToken cancellationToken)
    {
        var fetched = await fetcher.FetchAsync(feed.Id, feed.Url, state.ETag, state.LastModified, cancellationToken);
        if (fetched.NotModified)
        {
            logger.NotModified(feed.Id);
            await RecordSuccessAsync(state, fetched.ETag, fetched.LastModified, state.BodyHash, parsedItems: null, cancellationToken);
            return new PollReport(feed.Id, PollOutcome.NotModified, 0, 0, 0, 0, null);
        }

        var bodyHash = Convert.ToHexString(SHA256.HashData(fetched.Body!.Content));
        if (bodyHash == state.BodyHash)
        {
            await RecordSuccessAsync(state, fetched.ETag, fetched.LastModified, bodyHash, parsedItems: null, cancellationToken);
            return new PollReport(feed.Id, PollOutcome.BodyUnchanged, 0, 0, 0, 0, null);
        }

        var items = await ReadAllPagesAsync(feed, fetched.Body, cancellationToken);
        var (newCount, changedCount, alerts) = await RecordItemsAsync(feed, items, cancellationToken);
        await RecordSuccessAsync(state, fetched.ETag, fetched.LastModified, bodyHash, items.Count, cancellationToken);

        metrics.ItemsDiffed(feed.Id.Value, newCount, changedCount);
        metrics.AlertsQueued(feed.Id.Value, alerts);
        if (alerts > 0)
        {
            outbox.Notify();
        }

        return new PollReport(feed.Id, PollOutcome.Polled, items.Count, newCount, changedCount, alerts, null);
    }

    // Follows Federal Register paging only while every document on a page is unknown: a poll that
    // finds more than one page of new documents must not miss the older ones.
    private async Task<List<FeedItem>> ReadAllPagesAsync(FeedDefinition feed, FeedBody first, CancellationToken cancellationToken)
    {
        var page = parser.Parse(feed, first);
        var items = new List<FeedItem>(page.Items);
        var seen = new HashSet<ItemKey>(items.Select(i => i.Key));
        for (var pages = 1; page.NextPage is { } next && pages < options.Value.MaxPages; pages++)
        {
            // Paging never leaves the feed's own host, whatever a body says.
            if (!string.Equals(next.Host, feed.Url.Host, StringComparison.OrdinalIgnoreCase) || next.Port != feed.Url.Port)
            {
                break;
            }

            var known = await store.FilterKnownAsync(page.Items.Select(i => i.Key).ToList(), cancellationToken);
            if (page.Items.Count == 0 || known.Count > 0)
            {
                break;
            }

            var fetched = await fetcher.FetchAsync(feed.Id, next, null, null, cancellationToken);
            if (fetched.NotModified)
            {
                break;
            }

            page = parser.Parse(feed, fetched.Body!);
            items.AddRange(page.Items.Where(i => seen.Add(i.Key)));
        }

        // A feed can list one item twice (duplicate guids); the first listing wins.
        return items.DistinctBy(i => i.Key).ToList();
    }

    private async Task<(int New, int Changed, int Alerts)> RecordItemsAsync(FeedDefinition feed, List<FeedItem> items, CancellationToken cancellationToken)
    {
        var subscribers = await store.GetSubscribersAsync(feed, cancellationToken);
        var channelRules = subscribers.Select(s => (Channel: s, Rules: s.Rules.Count == 0 ? null : ruleSets.Get(s.Rules))).ToList();

        int newCount = 0, changedCount = 0, alerts = 0;
        var delivered = new Dictionary<long, List<AlertMessage>>();
        await using var transaction = await store.BeginPollAsync(cancellationToken);
        var latest = await transaction.GetLatestAsync(feed.Id, items.Select(i => i.Key).ToList(), cancellationToken);
        foreach (var item in items)
        {
            var stored = latest.GetValueOrDefault(item.Key);
            var diff = ItemDiffer.Compare(stored?.Latest, item);
            var revision = stored?.Revision ?? 0;
            if (diff.IsRevision)
            {
                revision++;
                await transaction.AddRevisionAsync(new NewRevision(item, revision, diff.Kind, diff.Changes), feed.Id, cancellationToken);
                if (diff.Kind is RevisionKind.New or RevisionKind.Corrected)
                {
                    newCount++;
                }
                else
                {
                    changedCount++;
                }
            }

            var newlyCarried = stored is null || !stored.CarriedByFeed;
            if (newlyCarried)
            {
                await transaction.MarkCarriedAsync(item.Key, feed.Id, cancellationToken);
            }

            // A feed that starts carrying a known item still alerts its own subscribers once; the
            // outbox's unique (channel, item, revision) key keeps everyone else from a duplicate.
            if (!diff.IsRevision && !newlyCarried)
            {
                continue;
            }

            var kind = diff.IsRevision ? diff.Kind : RevisionKind.New;
            var current = diff.IsRevision ? item : stored!.Latest with { Feed = feed.Id };
            foreach (var (channel, rules) in channelRules)
            {
                var matched = Match(rules, current);
                if (matched is null)
                {
                    continue;
                }

                var firstAlert = revision > 1 ? await transaction.GetFirstAlertIdAsync(channel.ChannelId, item.Key, cancellationToken) : null;
                var message = AlertComposer.Compose(feed, current, kind, diff.Changes, matched, firstAlert);
                var held = MuteRules.Holds(channel.Mutes, message);
                if (await transaction.EnqueueAlertAsync(new PendingAlert(channel.ChannelId, item.Key, revision, message, held), cancellationToken) is not { } alertId)
                {
                    continue;
                }

                alerts++;
                if (!held)
                {
                    if (!delivered.TryGetValue(channel.ChannelId, out var channelAlerts))
                    {
                        delivered[channel.ChannelId] = channelAlerts = [];
                    }

                    channelAlerts.Add(message with { AlertId = alertId });
                }
            }
        }

        // Flood control: a channel that would get a burst from this one poll gets one grouped message.
        foreach (var (channelId, messages) in delivered)
        {
            if (messages.Count > AlertDigest.FloodThreshold)
            {
                await transaction.AddDigestAsync(channelId, AlertDigest.Create(DigestReason.Flood, messages), cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return (newCount, changedCount, alerts);
    }

    // Null when the channel's rules do not match; an empty list when the channel has no rules
    // (it gets every item of its feeds).
    private static List<MatchedRule>? Match(RuleSet? rules, FeedItem item)
    {
        if (rules is null)
        {
            return [];
        }

        var matches = rules.Match(item);
        if (matches.Count == 0)
        {
            return null;
        }

        return matches
            .Select(m => new MatchedRule(m.RuleName, m.Hits.Select(h => h.Term).Distinct(StringComparer.OrdinalIgnoreCase).ToList()))
            .ToList();
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));

    // parsedItems: the items of the body just parsed, or null when it was not parsed (304, same bytes).
    private async Task RecordSuccessAsync(FeedState state, string? etag, string? lastModified, string? bodyHash, int? parsedItems, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var itemCount = state.LastItemCount;
        var warning = state.Warning;
        if (parsedItems > 0)
        {
            itemCount = parsedItems;
            warning = null;
        }
        else if (parsedItems == 0 && state.LastItemCount > 0 && warning is null)
        {
            // The item count before is kept, so the warning lasts until items come back.
            warning = $"answered with zero items since {now:yyyy-MM-dd HH:mm} UTC (it had {state.LastItemCount} before)";
            logger.ZeroItems(state.Feed, state.LastItemCount.Value);
        }
        else if (parsedItems == 0 && state.LastItemCount is null)
        {
            itemCount = 0;
        }

        await store.SaveFeedStateAsync(state with
        {
            ETag = etag,
            LastModified = lastModified,
            BodyHash = bodyHash,
            LastPolledAt = now,
            LastSuccessAt = now,
            ConsecutiveFailures = 0,
            RetryAfter = null,
            LastItemCount = itemCount,
            Warning = warning,
        }, cancellationToken);
    }

    private async Task RecordFailureAsync(FeedId feed, string reason)
    {
        // The failure is recorded even while shutting down, so health stays truthful.
        var state = await store.GetFeedStateAsync(feed, CancellationToken.None);
        var now = time.GetUtcNow();
        var failures = state.ConsecutiveFailures + 1;
        var backoff = TimeSpan.FromTicks(Math.Min(options.Value.MaxBackoff.Ticks, FirstBackoff.Ticks << Math.Min(failures - 1, 20)));
        var retryAt = now + backoff;
        await store.SaveFeedStateAsync(state with
        {
            LastPolledAt = now,
            LastErrorAt = now,
            LastError = reason,
            ConsecutiveFailures = failures,
            RetryAfter = retryAt,
        }, CancellationToken.None);
        logger.PollFailed(feed, failures, reason, retryAt);
    }
}
