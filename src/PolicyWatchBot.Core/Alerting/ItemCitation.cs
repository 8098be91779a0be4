using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Core.Alerting;

/// <summary>The FR documents an item cites, stored so a document that comes later joins the citing item's thread.</summary>
public sealed record ItemCitation(ItemKey Item, IReadOnlyList<ItemKey> Cited);
