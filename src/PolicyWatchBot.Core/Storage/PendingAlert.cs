using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Core.Storage;

/// <summary>
/// An alert to put in the outbox. Its unique key is (channel, item, revision): enqueueing the same
/// one twice, from another feed or after a restart, adds nothing. The store assigns the public id.
/// A held alert (a mute covers it) is stored as muted, not sent.
/// </summary>
public sealed record PendingAlert(long ChannelId, ItemKey Item, int Revision, AlertMessage Message, bool Held = false);
