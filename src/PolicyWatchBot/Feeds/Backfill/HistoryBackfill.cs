using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyWatchBot.Core.Alerting;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Core.Threads;
using PolicyWatchBot.Feeds.Fetching;
using PolicyWatchBot.Feeds.Parsing;

namespace PolicyWatchBot.Feeds.Backfill;

/// <summary>
/// The history of a Federal Register feed, read on its first poll: the last
/// <see cref="FeedOptions.BackfillDays"/> days of its query, month by month, newest first (a month
/// with more documents than one query reads is split in halves, and the split is logged), each
/// window's pages followed up to <see cref="FeedOptions.MaxPages"/>, stored as history that never
/// alerts. Progress is saved after every window, so a backfill cut short (a kill, an error) goes on
/// at the next poll. Documents the store already holds are left to the regular poll, so a revision
/// of one is still alerted there. Full texts are not fetched for history (see docs/feeds.md).
/// </summary>
internal sealed partial class HistoryBackfill(
    IStore store,
    FeedFetcher fetcher,
    FeedParser parser,
    FeedSecrets secrets,
    IOptions<FeedOptions> options,
    TimeProvider time,
    ILogger<HistoryBackfill> logger)
{
    /// <summary>
    /// The most documents one search query is trusted to page through: the API stops paging a query
    /// after a few thousand results, so a window past it is split rather than read in part.
    /// </summary>
    public const int QueryLimit = 2000;

    /// <summary>
    /// The backfill this poll of the feed should run, or null. A federal-register feed never polled
    /// successfully gets one planned (saved first, so a poll that dies still leaves it to resume);
    /// a feed whose query was edited gets one for the new query; one under way is resumed.
    /// </summary>
    public async Task<FeedBackfill?> PendingAsync(FeedDefinition feed, FeedState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(state);
        var days = options.Value.BackfillDays;
        if (feed.Kind != FeedKind.FederalRegister || days == 0)
        {
            return null;
        }

        var existing = await store.GetBackfillAsync(feed.Id, cancellationToken);
        if (existing is not null && existing.Url == feed.Url.AbsoluteUri)
        {
            return existing.IsComplete ? null : existing;
        }

        // A feed polled before backfills existed keeps the history it has.
        if (existing is null && state.LastSuccessAt is not null)
        {
            return null;
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var planned = new FeedBackfill
        {
            Feed = feed.Id,
            Url = feed.Url.AbsoluteUri,
            Days = days,
            From = today.AddDays(-days),
            Through = today,
            StartedAt = time.GetUtcNow(),
        };
        await store.SaveBackfillAsync(planned, cancellationToken);
        return planned;
    }

    /// <summary>
    /// Reads the windows the backfill has not read yet. A failure stops it with the reason saved
    /// (it goes on at the next poll) and never fails the poll; a cancellation stops it between
    /// requests, the windows read so far kept.
    /// </summary>
    public async Task<BackfillReport> RunAsync(FeedDefinition feed, FeedBackfill backfill, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(backfill);
        var progress = backfill with { LastError = null };
        var stored = 0;
        var queries = 0;
        var top = backfill.ReadFrom is { } readFrom ? readFrom.AddDays(-1) : backfill.Through;
        var pending = new Stack<BackfillWindow>(BackfillWindow.Months(backfill.From, top).AsEnumerable().Reverse());
        try
        {
            while (pending.TryPop(out var window))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var read = await ReadWindowAsync(feed, window, cancellationToken);
                queries += read.Pages;
                if (read.TooMany)
                {
                    var (older, newer) = window.Split();
                    LogSplit(feed.Id, window.ToString(), read.Total, read.Limit);
                    pending.Push(older);
                    pending.Push(newer);
                    continue;
                }

                var unread = Math.Max(0, read.Total - read.Items.Count);
                if (unread > 0)
                {
                    LogUnread(feed.Id, window.ToString(), read.Total, unread);
                }

                var added = await StoreAsync(feed, read.Items, cancellationToken);
                stored += added;
                progress = progress with { ReadFrom = window.From, Documents = progress.Documents + added, Unread = progress.Unread + unread };
                await store.SaveBackfillAsync(progress, cancellationToken);
            }

            progress = progress with { CompletedAt = time.GetUtcNow() };
            await store.SaveBackfillAsync(progress, cancellationToken);
            LogCompleted(feed.Id, progress.From, progress.Through, progress.Documents);
            return new BackfillReport(progress, stored, queries);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // The feed's poll went well: a backfill that stops is told in its own record and resumes, it fails nothing else.
            var reason = ex is FeedFetchException or FeedParseException ? ex.Message : $"unexpected {ex.GetType().Name}: {ex.Message}";
            progress = progress with { LastError = secrets.Redact(string.Join(' ', reason.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries))) };
            await store.SaveBackfillAsync(progress, CancellationToken.None);
            LogStopped(feed.Id, progress.LastError, ex is FeedFetchException or FeedParseException ? null : ex);
            return new BackfillReport(progress, stored, queries);
        }
    }

    /// <summary>
    /// The window's documents, page by page; a window that lists more than one query reads (the API's
    /// limit, or the pages <see cref="FeedOptions.MaxPages"/> allows) comes back as too many unless it is one day.
    /// </summary>
    private async Task<WindowRead> ReadWindowAsync(FeedDefinition feed, BackfillWindow window, CancellationToken cancellationToken)
    {
        var maxPages = options.Value.MaxPages;
        var limit = (int)Math.Min(QueryLimit, (long)BackfillQuery.PerPage(feed.Url) * maxPages);
        var page = await FetchPageAsync(feed, BackfillQuery.For(feed.Url, window), cancellationToken);
        var total = page.Total ?? page.Items.Count;
        if (total > limit && window.Days > 1)
        {
            return new WindowRead([], total, limit, 1, TooMany: true);
        }

        var items = new List<FeedItem>(page.Items);
        var pages = 1;
        for (; page.NextPage is { } next && pages < maxPages && page.Items.Count > 0; pages++)
        {
            // Paging never leaves the feed's own host, whatever a body says.
            if (!string.Equals(next.Host, feed.Url.Host, StringComparison.OrdinalIgnoreCase) || next.Port != feed.Url.Port)
            {
                break;
            }

            page = await FetchPageAsync(feed, next, cancellationToken);
            items.AddRange(page.Items);
        }

        var distinct = items.DistinctBy(i => i.Key).ToList();
        return new WindowRead(distinct, Math.Max(total, distinct.Count), limit, pages, TooMany: false);
    }

    private async Task<FeedPage> FetchPageAsync(FeedDefinition feed, Uri url, CancellationToken cancellationToken)
    {
        var fetched = await fetcher.FetchAsync(feed, url, null, null, cancellationToken);
        return fetched.NotModified ? new FeedPage([], null) : parser.Parse(feed, fetched.Body!);
    }

    /// <summary>
    /// Stores the window's documents the store does not hold yet, with no channel to alert: no
    /// alert, thread or reminder can come of them. Returns how many it stored.
    /// </summary>
    private async Task<int> StoreAsync(FeedDefinition feed, List<FeedItem> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return 0;
        }

        if (feed.Secrets.Count > 0)
        {
            items = items.ConvertAll(secrets.Redact);
        }

        await using var session = await store.BeginPollAsync(cancellationToken);
        var state = await session.LoadAsync(feed.Id, items.Select(i => i.Key).ToList(), cancellationToken);
        var diff = PollPlanner.Diff(feed, items, state.Latest, DateTimeOffset.MaxValue, state.Unreadable);

        // A stored document that reads differently now is a revision the regular poll alerts: history leaves it alone.
        var history = diff with { Changes = [.. diff.Changes.Where(c => !(c.WasStored && c.IsRevision))] };
        var plan = PollPlanner.Plan(history, ChannelDirectory.Empty.SubscribersOf(feed), state, AlertHistory.Empty, ThreadBook.Empty);
        await session.WriteAsync(plan, cancellationToken);
        foreach (var failure in plan.Failures)
        {
            LogItemFailed(feed.Id, failure.Item.Value, failure.Reason);
        }

        return plan.Revisions.Count;
    }

    private sealed record WindowRead(List<FeedItem> Items, int Total, int Limit, int Pages, bool TooMany);

    [LoggerMessage(1050, LogLevel.Information, "Feed {FeedId}: the backfill window {Window} lists {Total} documents, more than the {Limit} one query reads: split in two")]
    private partial void LogSplit(FeedId feedId, string window, int total, int limit);

    [LoggerMessage(1051, LogLevel.Warning, "Feed {FeedId}: {Window} lists {Total} documents, more than one query reads; {Unread} of them were not stored as history")]
    private partial void LogUnread(FeedId feedId, string window, int total, int unread);

    [LoggerMessage(1052, LogLevel.Information, "Feed {FeedId}: history backfilled from {From:yyyy-MM-dd} to {Through:yyyy-MM-dd}, {Documents} documents stored without alerts")]
    private partial void LogCompleted(FeedId feedId, DateOnly from, DateOnly through, int documents);

    [LoggerMessage(1053, LogLevel.Warning, "Feed {FeedId}: the history backfill stopped ({Reason}); it goes on at the next poll")]
    private partial void LogStopped(FeedId feedId, string reason, Exception? exception);

    [LoggerMessage(1054, LogLevel.Warning, "Feed {FeedId}: history document {Item} was not stored: {Reason}")]
    private partial void LogItemFailed(FeedId feedId, string item, string reason);
}
