using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Core.Alerting;

/// <summary>An item the planner could not plan: nothing of it is written, so a later poll tries it again; the feed's other items go on.</summary>
public sealed record ItemFailure(ItemKey Item, string Reason);
