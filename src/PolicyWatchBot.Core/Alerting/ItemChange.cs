using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Core.Alerting;

/// <summary>
/// An item of a poll that may alert: a new revision of it (new, changed, published, corrected,
/// withdrawn), or a stored item the polled feed carries for the first time.
/// </summary>
/// <param name="Item">What the alerts are about: the parsed item for a revision, else the stored latest revision as carried by this feed.</param>
/// <param name="Revision">The revision the alerts are for: the one written now, or the stored latest.</param>
/// <param name="Kind">The revision's kind; <see cref="RevisionKind.New"/> for the subscribers of a feed newly carrying a known item.</param>
/// <param name="IsRevision">A revision to write.</param>
/// <param name="NewlyCarried">The polled feed did not carry the item before.</param>
/// <param name="WasStored">The store knew the item before this poll (its channels may have been alerted already).</param>
public sealed record ItemChange(
    FeedItem Item,
    int Revision,
    RevisionKind Kind,
    IReadOnlyList<FieldChange> Changes,
    bool IsRevision,
    bool NewlyCarried,
    bool WasStored)
{
    /// <summary>
    /// An item this poll sees for the first time whose source date is older than the alert window:
    /// stored (and carried) without alerting anyone, as history for <c>rule test</c>.
    /// </summary>
    public bool BeforeAlertWindow { get; init; }
}
