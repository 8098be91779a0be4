using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Threads;

namespace PolicyWatchBot.Core.Alerting;

/// <summary>
/// One thread per action in a channel, for one plan. An item already in a thread replies there; else
/// an FR correction joins its original's thread, an item citing an FR document joins that document's
/// thread, and an FR document cited by an earlier item joins that item's thread. Otherwise its alert,
/// when posted on its own (not held, not grouped), starts a thread. A revision of a thread's subject
/// sets the thread's stage, which its parent message shows. Threads started earlier in the same plan
/// count like stored ones.
/// </summary>
internal sealed class ThreadPlanner(FeedDefinition feed, ThreadBook book, long nextThreadId)
{
    private readonly Dictionary<(long Channel, ItemKey Item), ItemThread> _planned = [];
    private readonly Dictionary<(long Channel, ItemKey Cited), ItemThread> _plannedCiting = [];
    private readonly Dictionary<long, PlannedThreadUpdate> _updates = [];
    private long _nextThreadId = nextThreadId;

    public List<PlannedThread> Threads { get; } = [];

    public List<PlannedThreadItem> Items { get; } = [];

    public IReadOnlyList<PlannedThreadUpdate> Updates => [.. _updates.Values];

    public long NextThreadId => _nextThreadId;

    /// <param name="postedAlone">The alert is posted as a message of its own (not held by a mute, not grouped into a digest).</param>
    public ThreadPlacement? Place(PlannedAlert alert, ItemChange change, bool postedAlone)
    {
        var channel = alert.ChannelId;
        var item = change.Item;
        var (thread, join) = Locate(channel, item);
        if (thread is null)
        {
            return postedAlone ? Start(alert, item) : null;
        }

        if (join is { } joined)
        {
            Join(channel, item, thread, joined);
        }

        if (change.IsRevision && (thread.Subject == item.Key || join == ThreadJoin.CitedBy))
        {
            SetStage(thread, item);
        }

        return postedAlone ? new ThreadPlacement(thread.ThreadId, StartsThread: false, join ?? ThreadJoin.Started) : null;
    }

    /// <summary>The thread the item is in or joins, and how it joins (null when it is in it already).</summary>
    private (ItemThread? Thread, ThreadJoin? Join) Locate(long channel, FeedItem item)
    {
        if (Find(channel, item.Key) is { } own)
        {
            return (own, null);
        }

        if (ItemCitations.CorrectionTarget(item) is { } original && Find(channel, original) is { } corrected)
        {
            return (corrected, ThreadJoin.Correction);
        }

        foreach (var cited in ItemCitations.Of(item))
        {
            if (Find(channel, cited) is { } citedThread)
            {
                return (citedThread, ThreadJoin.Cites);
            }
        }

        var citing = Citing(channel, item.Key) ?? (ItemCitations.OwnCitation(item) is { } citation ? Citing(channel, citation) : null);
        return citing is null ? (null, null) : (Current(citing), ThreadJoin.CitedBy);
    }

    private ItemThread? Citing(long channel, ItemKey cited) => _plannedCiting.GetValueOrDefault((channel, cited)) ?? book.FindCiting(channel, cited);

    private ItemThread? Find(long channel, ItemKey key) =>
        _planned.GetValueOrDefault((channel, key)) is { } planned ? Current(planned)
        : book.Find(channel, key) is { } stored ? Current(stored)
        : null;

    /// <summary>The thread as this plan has changed it so far.</summary>
    private ItemThread Current(ItemThread thread) =>
        _updates.TryGetValue(thread.ThreadId, out var update) ? thread with { Subject = update.Subject, Stage = update.Stage ?? thread.Stage } : thread;

    private ThreadPlacement Start(PlannedAlert alert, FeedItem item)
    {
        var thread = new ItemThread(_nextThreadId++, alert.ChannelId, alert.Message.AlertId, item.Key, null);
        Threads.Add(new PlannedThread(thread.ThreadId, alert.ChannelId, alert.Sequence, item.Key));
        Join(alert.ChannelId, item, thread, ThreadJoin.Started);
        return new ThreadPlacement(thread.ThreadId, StartsThread: true, ThreadJoin.Started);
    }

    private void Join(long channel, FeedItem item, ItemThread thread, ThreadJoin join)
    {
        _planned[(channel, item.Key)] = thread;
        Items.Add(new PlannedThreadItem(thread.ThreadId, channel, item.Key, join));

        // An FR document is also in the thread under its printed citation, for a later item citing it as "89 FR 43".
        if (ItemCitations.OwnCitation(item) is { } citation && _planned.TryAdd((channel, citation), thread))
        {
            Items.Add(new PlannedThreadItem(thread.ThreadId, channel, citation, join));
        }
        foreach (var cited in ItemCitations.Of(item))
        {
            _plannedCiting.TryAdd((channel, cited), thread);
        }

        // An FR document joining a thread started by an item citing it becomes what the thread follows.
        if (join == ThreadJoin.CitedBy)
        {
            _updates[thread.ThreadId] = new PlannedThreadUpdate(thread.ThreadId, item.Key, _updates.GetValueOrDefault(thread.ThreadId)?.Stage ?? thread.Stage);
        }
    }

    private void SetStage(ItemThread thread, FeedItem item)
    {
        var current = Current(thread);
        var stage = ThreadStage.Of(item, SourceCalendar.ZoneOf(item.Key, feed));
        if (!stage.SameAs(current.Stage))
        {
            _updates[thread.ThreadId] = new PlannedThreadUpdate(thread.ThreadId, current.Subject, stage);
        }
    }
}
