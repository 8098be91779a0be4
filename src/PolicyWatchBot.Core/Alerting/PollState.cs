using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Mutes;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Core.Alerting;

/// <summary>
/// What the store holds for one poll, read under the poll's write lock: the latest stored revision of
/// the polled items, the channels' active mutes, and the numbers the plan's new alerts and grouped
/// messages take their ids from.
/// </summary>
public sealed record PollState
{
    public IReadOnlyDictionary<ItemKey, StoredItem> Latest { get; init; } = new Dictionary<ItemKey, StoredItem>();

    /// <summary>
    /// Stored items whose latest revision could not be read back, with why: such an item can be
    /// neither compared nor stored again, so the poll skips it and says so.
    /// </summary>
    public IReadOnlyDictionary<ItemKey, string> Unreadable { get; init; } = new Dictionary<ItemKey, string>();

    /// <summary>Active mutes by channel id; a channel with none may be absent.</summary>
    public IReadOnlyDictionary<long, IReadOnlyList<Mute>> Mutes { get; init; } = new Dictionary<long, IReadOnlyList<Mute>>();

    /// <summary>The sequence number of the next alert (its id is <see cref="Alerts.AlertId.FromSequence"/> of it).</summary>
    public long NextAlertSequence { get; init; } = 1;

    /// <summary>The sequence number of the next grouped message (<see cref="Alerts.AlertId.ForDigest"/>).</summary>
    public long NextDigestSequence { get; init; } = 1;

    /// <summary>The id of the next thread a plan starts.</summary>
    public long NextThreadSequence { get; init; } = 1;
}
