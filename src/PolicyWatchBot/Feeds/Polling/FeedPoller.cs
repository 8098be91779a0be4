using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyWatchBot.Core.Alerting;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Core.Threads;
using PolicyWatchBot.Delivery;
using PolicyWatchBot.Feeds.Backfill;
using PolicyWatchBot.Feeds.Detail;
using PolicyWatchBot.Feeds.Fetching;
using PolicyWatchBot.Feeds.FullText;
using PolicyWatchBot.Feeds.Lists;
using PolicyWatchBot.Feeds.Parsing;
using PolicyWatchBot.Observability;

namespace PolicyWatchBot.Feeds.Polling;

/// <summary>
/// One poll of one feed: fetch, parse (and read the pages of new items when the feed has a detail
/// step), load what the store holds, plan (<see cref="PollPlanner"/>:
/// diff, match every subscribed channel's rules, compose alerts), write the plan in one transaction.
/// A failure is recorded on the feed alone and backs it off; an item that fails to plan fails alone.
/// </summary>
internal sealed class FeedPoller(
    IStore store,
    FeedFetcher fetcher,
    FeedParser parser,
    FeedSecrets secrets,
    ItemDetailReader details,
    DocumentTextReader documentTexts,
    HistoryBackfill backfills,
    ListVersionReader lists,
    FeedHealthWatch health,
    ChannelDirectoryCache channels,
    OutboxSignal outbox,
    TimedPostsSignal timedPosts,
    PolicyWatchMetrics metrics,
    IOptions<FeedOptions> options,
    TimeProvider time,
    ILogger<FeedPoller> logger) : IFeedPoller
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMinutes(1);

    public async Task<PollReport> PollAsync(FeedDefinition feed, bool ignoreBackoff, CancellationToken cancellationToken)
    {
        if (secrets.Needs(feed) is { } needs)
        {
            return new PollReport(feed.Id, PollOutcome.NeedsSecret, 0, 0, 0, 0, $"feed {feed.Id}: not polled: {needs}");
        }

        var started = time.GetTimestamp();
        var state = await store.GetFeedStateAsync(feed.Id, cancellationToken);
        if (state.Url != feed.Url.AbsoluteUri)
        {
            // The feed file was edited: the old URL's ETag, Last-Modified and body hash say nothing about the new one.
            var edited = state.IsForOtherUrl(feed.Url);
            state = edited ? state.ForUrl(feed.Url) : state with { Url = feed.Url.AbsoluteUri };
            await store.SaveFeedStateAsync(state, cancellationToken);
            if (edited)
            {
                logger.UrlChanged(feed.Id);
            }
        }

        var now = time.GetUtcNow();
        if (!ignoreBackoff && state.RetryAfter > now)
        {
            logger.BackingOff(feed.Id, state.RetryAfter.Value);
            return new PollReport(feed.Id, PollOutcome.SkippedBackingOff, 0, 0, 0, 0, state.LastError, state.RetryAfter);
        }

        try
        {
            var backfill = await backfills.PendingAsync(feed, state, cancellationToken);
            var report = await PollOnceAsync(feed, state, cancellationToken);
            metrics.PollCompleted(feed.Id.Value, report.Outcome.ToString(), time.GetElapsedTime(started));
            if (report.Outcome == PollOutcome.Polled)
            {
                logger.Polled(feed.Id, report.Items, report.New, report.Changed, report.AlertsQueued, (long)time.GetElapsedTime(started).TotalMilliseconds);
            }

            // After the poll, whose recent items alert as usual: the history below them never does.
            return backfill is null ? report : report with { Backfill = await backfills.RunAsync(feed, backfill, cancellationToken) };
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            var expected = ex is FeedFetchException or FeedParseException;
            if (!expected)
            {
                logger.PollCrashed(feed.Id, ex);
            }

            var reason = OneLine(expected ? ex.Message : $"feed {feed.Id}: unexpected {ex.GetType().Name}: {ex.Message}");
            var retryAt = await RecordFailureAsync(feed, reason);
            metrics.PollCompleted(feed.Id.Value, PollOutcome.Failed.ToString(), time.GetElapsedTime(started));
            return new PollReport(feed.Id, PollOutcome.Failed, 0, 0, 0, 0, reason, retryAt);
        }
    }

    private async Task<PollReport> PollOnceAsync(FeedDefinition feed, FeedState state, CancellationToken cancellationToken)
    {
        var fetched = await fetcher.FetchAsync(feed, feed.Url, state.ETag, state.LastModified, cancellationToken);
        if (fetched.NotModified)
        {
            logger.NotModified(feed.Id);
            await RecordSuccessAsync(feed, state, fetched.ETag, fetched.LastModified, state.BodyHash, parsedItems: null, caughtUp: 0, cancellationToken);
            return new PollReport(feed.Id, PollOutcome.NotModified, 0, 0, 0, 0, null);
        }

        var bodyHash = Convert.ToHexString(SHA256.HashData(fetched.Body!.Content));
        if (bodyHash == state.BodyHash)
        {
            await RecordSuccessAsync(feed, state, fetched.ETag, fetched.LastModified, bodyHash, parsedItems: null, caughtUp: 0, cancellationToken);
            return new PollReport(feed.Id, PollOutcome.BodyUnchanged, 0, 0, 0, 0, null);
        }

        if (feed.Kind == FeedKind.EntityList)
        {
            return await PollListAsync(feed, state, fetched, bodyHash, cancellationToken);
        }

        var items = await ReadAllPagesAsync(feed, fetched.Body, cancellationToken);
        if (feed.Secrets.Count > 0)
        {
            items = items.ConvertAll(secrets.Redact);
        }

        if (feed.Detail is not null)
        {
            items = await details.ReadNewAsync(feed, items, cancellationToken);
        }

        var waitingForText = 0;
        if (feed.FullText)
        {
            var read = await documentTexts.ReadChangedAsync(feed, items, cancellationToken);
            (items, waitingForText) = (read.Items, read.Waiting);
        }

        var plan = await RecordItemsAsync(feed, items, cancellationToken);

        // An item that failed, or waits for its full text, was not written: the validators and body
        // hash stay as they were, so the next poll reads the body again and retries it.
        if (plan.Failures.Count == 0 && waitingForText == 0)
        {
            await RecordSuccessAsync(feed, state, fetched.ETag, fetched.LastModified, bodyHash, items.Count, plan.NewItems + plan.ChangedItems, cancellationToken);
        }
        else
        {
            await RecordSuccessAsync(feed, state, state.ETag, state.LastModified, state.BodyHash, items.Count, plan.NewItems + plan.ChangedItems, cancellationToken, Skipped(plan.Failures, waitingForText));
        }

        metrics.ItemsDiffed(feed.Id.Value, plan.NewItems, plan.ChangedItems);
        metrics.AlertsQueued(feed.Id.Value, plan.Alerts.Count);
        if (plan.Alerts.Count > 0)
        {
            outbox.Notify();
            // Its alerts may have planned or moved deadline reminders.
            timedPosts.Notify();
        }

        return new PollReport(feed.Id, PollOutcome.Polled, items.Count, plan.NewItems, plan.ChangedItems, plan.Alerts.Count, null)
        {
            Statistics = plan.Statistics,
            FailedItems = plan.Failures.Count,
            WaitingForText = waitingForText,
            BeforeAlertWindow = plan.BeforeAlertWindow,
        };
    }

    /// <summary>
    /// A screening list's download: its changes are items (planned and written as any feed's), then the
    /// stored version moves to this one. A poll that stops between the two reads the same changes
    /// again next time, and they are the same items: nothing is alerted twice.
    /// </summary>
    private async Task<PollReport> PollListAsync(FeedDefinition feed, FeedState state, FetchResult fetched, string bodyHash, CancellationToken cancellationToken)
    {
        var version = await lists.ReadAsync(feed, fetched.Body!, cancellationToken);
        var plan = version.Items.Count == 0 ? null : await RecordItemsAsync(feed, [.. version.Items], cancellationToken);
        if (plan is { Failures.Count: > 0 })
        {
            // The stored version stays as it was, so the next poll reads this one again and retries what failed.
            await RecordSuccessAsync(feed, state, state.ETag, state.LastModified, state.BodyHash, version.Entities, plan.NewItems + plan.ChangedItems, cancellationToken, Skipped(plan.Failures, 0));
        }
        else
        {
            if (version.IsBaseline || version.Changes.Count > 0)
            {
                await store.SaveListVersionAsync(version.List, feed.Id, version.Changes, cancellationToken);
            }

            await RecordSuccessAsync(feed, state, fetched.ETag, fetched.LastModified, bodyHash, version.Entities, version.Changes.Count, cancellationToken);
        }

        var alerts = plan?.Alerts.Count ?? 0;
        metrics.ItemsDiffed(feed.Id.Value, plan?.NewItems ?? 0, plan?.ChangedItems ?? 0);
        metrics.AlertsQueued(feed.Id.Value, alerts);
        if (alerts > 0)
        {
            outbox.Notify();
        }

        return new PollReport(feed.Id, PollOutcome.Polled, version.Entities, version.Added, version.AmendedOrRemoved, alerts, null)
        {
            Statistics = plan?.Statistics,
            FailedItems = plan?.Failures.Count ?? 0,
            ListBaseline = version.IsBaseline ? version.Entities : null,
        };
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

            var fetched = await fetcher.FetchAsync(feed, next, null, null, cancellationToken);
            if (fetched.NotModified)
            {
                break;
            }

            page = parser.Parse(feed, fetched.Body!);
            var before = items.Count;
            items.AddRange(page.Items.Where(i => seen.Add(i.Key)));

            // A page of nothing but items already read (a server that ignores the page parameter) ends the paging.
            if (items.Count == before)
            {
                break;
            }
        }

        // A feed can list one item twice (duplicate guids); the first listing wins.
        return items.DistinctBy(i => i.Key).ToList();
    }

    /// <summary>Load, plan, write: the store's state is read and the plan written under one write lock.</summary>
    private async Task<PollPlan> RecordItemsAsync(FeedDefinition feed, List<FeedItem> items, CancellationToken cancellationToken)
    {
        var subscribers = (await channels.GetAsync(cancellationToken)).SubscribersOf(feed);
        await using var session = await store.BeginPollAsync(cancellationToken);
        var state = await session.LoadAsync(feed.Id, items.Select(i => i.Key).ToList(), cancellationToken);
        var diff = PollPlanner.Diff(feed, items, state.Latest, time.GetUtcNow() - options.Value.AlertWindow, state.Unreadable);
        var history = await session.LoadAlertHistoryAsync(diff.KeysWithHistory, cancellationToken);
        var threads = subscribers.Count == 0 ? ThreadBook.Empty : await session.LoadThreadsAsync(diff.ThreadKeys, cancellationToken);
        var plan = PollPlanner.Plan(diff, subscribers, state, history, threads);
        await session.WriteAsync(plan, cancellationToken);
        foreach (var failure in plan.Failures)
        {
            logger.ItemFailed(feed.Id, failure.Item, failure.Reason);
        }

        foreach (var timeout in plan.RuleTimeouts)
        {
            logger.RuleTimedOut(feed.Id, timeout.Item.Value, timeout.ChannelId, timeout.Rule);
        }

        return plan;
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));

    // parsedItems: the items of the body just parsed, or null when it was not parsed (304, same bytes).
    // The health warning for items left out of a poll: how many, and the first one with its reason.
    private static string Skipped(IReadOnlyList<ItemFailure> failures, int waitingForText) =>
        string.Join("; ", new[]
        {
            failures.Count == 0 ? null : $"{failures.Count} item{(failures.Count == 1 ? " was" : "s were")} skipped (tried again next poll): {failures[0].Item}: {failures[0].Reason}",
            waitingForText == 0 ? null : $"{waitingForText} document{(waitingForText == 1 ? " waits" : "s wait")} for its full text (read next poll)",
        }.Where(part => part is not null));

    // caughtUp: the items this poll found new or changed (told to channels when the feed recovers).
    // skipped: the warning when items were left out of this poll; it stays until a poll leaves none out.
    private async Task RecordSuccessAsync(
        FeedDefinition feed, FeedState state, string? etag, string? lastModified, string? bodyHash, int? parsedItems, int caughtUp, CancellationToken cancellationToken, string? skipped = null)
    {
        var now = time.GetUtcNow();
        var itemCount = state.LastItemCount;
        var warning = state.Warning;
        if (skipped is not null)
        {
            itemCount = parsedItems;
            warning = OneLine(skipped);
        }
        else if (parsedItems > 0)
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

        var recorded = state with
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
        };
        await store.SaveFeedStateAsync(recorded, cancellationToken);
        await health.SucceededAsync(feed, state, recorded, parsedItems, caughtUp, cancellationToken);
    }

    private async Task<DateTimeOffset> RecordFailureAsync(FeedDefinition feed, string reason)
    {
        // The failure is recorded (and told) even while shutting down, so health stays truthful.
        var state = await store.GetFeedStateAsync(feed.Id, CancellationToken.None);
        var now = time.GetUtcNow();
        var failures = state.ConsecutiveFailures + 1;
        var backoff = TimeSpan.FromTicks(Math.Min(options.Value.MaxBackoff.Ticks, FirstBackoff.Ticks << Math.Min(failures - 1, 20)));
        var retryAt = now + backoff;
        var failed = state with
        {
            LastPolledAt = now,
            LastErrorAt = now,
            LastError = reason,
            ConsecutiveFailures = failures,
            RetryAfter = retryAt,
        };
        await store.SaveFeedStateAsync(failed, CancellationToken.None);
        logger.PollFailed(feed.Id, failures, reason, retryAt);
        await health.FailedAsync(feed, failed, CancellationToken.None);
        return retryAt;
    }
}
