using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Tests.Storage;

/// <summary>An alert a test queues through <see cref="StorePolls"/>; its id is given when the poll is planned.</summary>
internal sealed record PendingAlert(long ChannelId, ItemKey Item, int Revision, AlertMessage Message, bool Held = false);
