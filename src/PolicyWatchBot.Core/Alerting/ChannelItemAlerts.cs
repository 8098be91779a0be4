using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Core.Alerting;

/// <summary>A channel's alerts so far about one item: the first one's id, and the latest revision it was alerted about.</summary>
public sealed record ChannelItemAlerts(long ChannelId, ItemKey Item, string FirstAlertId, int LatestRevision);
