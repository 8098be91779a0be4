using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Core.Threads;

/// <summary>
/// The threads a poll can join, read before planning: per channel and item, the thread the item is in;
/// per cited item, the threads of the items that cite it (a press release posted before its FR document).
/// </summary>
public sealed class ThreadBook
{
    private readonly Dictionary<(long Channel, ItemKey Item), ItemThread> _byItem;
    private readonly Dictionary<(long Channel, ItemKey Cited), ItemThread> _byCited;

    public ThreadBook(IEnumerable<(ItemKey Item, ItemThread Thread)> members, IEnumerable<(ItemKey Cited, ItemThread Thread)> citing)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(citing);
        _byItem = [];
        foreach (var (item, thread) in members)
        {
            _byItem[(thread.ChannelId, item)] = thread;
        }

        _byCited = [];
        foreach (var (cited, thread) in citing.OrderBy(c => c.Thread.ThreadId))
        {
            _byCited.TryAdd((thread.ChannelId, cited), thread);
        }
    }

    public static ThreadBook Empty { get; } = new([], []);

    /// <summary>The thread the item is in, in that channel.</summary>
    public ItemThread? Find(long channelId, ItemKey item) => _byItem.GetValueOrDefault((channelId, item));

    /// <summary>The oldest thread, in that channel, of an item that cites this one.</summary>
    public ItemThread? FindCiting(long channelId, ItemKey cited) => _byCited.GetValueOrDefault((channelId, cited));
}
