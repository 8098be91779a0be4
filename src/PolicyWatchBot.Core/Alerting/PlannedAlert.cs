using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Core.Alerting;

/// <summary>
/// An alert to put in the outbox, composed, with its id (<see cref="AlertMessage.AlertId"/>, from
/// <paramref name="Sequence"/>). A held alert (a mute covers it) is stored as muted, not sent. Its key
/// is (channel, item, revision): a channel never gets one item revision twice.
/// </summary>
public sealed record PlannedAlert(long ChannelId, ItemKey Item, int Revision, long Sequence, AlertMessage Message, bool Held)
{
    /// <summary>The thread it starts or replies in; null when it starts none (held, or grouped into a digest).</summary>
    public ThreadPlacement? Thread { get; init; }

    /// <summary>Held for the channel's digest (digest mode, not urgent, not muted): stored as waiting for it, not sent.</summary>
    public bool ForDigest { get; init; }

    /// <summary>The source's IANA zone, where the alert's comment-close and effective dates are calendar dates (reminders count days there).</summary>
    public string Zone { get; init; } = Threads.SourceCalendar.FederalRegisterZone;
}
