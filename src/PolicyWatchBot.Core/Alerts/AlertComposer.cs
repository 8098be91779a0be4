using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Core.Alerts;

/// <summary>Builds the platform-neutral alert for one item revision and one channel.</summary>
public static class AlertComposer
{
    private const int MaxAgencies = 3;

    /// <param name="alertId">The alert's public id, decided when the alert is planned.</param>
    public static AlertMessage Compose(
        string alertId,
        FeedDefinition feed,
        FeedItem item,
        RevisionKind kind,
        IReadOnlyList<FieldChange> changes,
        IReadOnlyList<MatchedRule> matchedRules,
        string? firstAlertId) => new()
    {
        AlertId = alertId,
        Kind = kind,
        ItemKey = item.Key.Value,
        FeedId = feed.Id.Value,
        FeedTitle = feed.Title,
        Title = item.Title,
        Link = item.Link?.AbsoluteUri,
        DocumentType = item.DocumentType ?? feed.DefaultType,
        Agencies = DisplayAgencies(item, feed),
        PublishedOn = item.PublishedOn,
        OnPublicInspection = item.Stage == ItemStage.PublicInspection,
        FiledOn = item.FiledOn,
        EffectiveOn = item.EffectiveOn,
        CommentsCloseOn = item.CommentsCloseOn,
        CfrReferences = item.CfrReferences,
        Dockets = RegulationIdentifiers.DocketIds(item.Dockets),
        Rins = RegulationIdentifiers.Rins(item.Dockets),
        Significant = item.FederalRegister?.Significant ?? false,
        SignedOn = item.FederalRegister?.SigningDate,
        Summary = SummaryCutter.Cut(item.Summary),
        MatchedRules = matchedRules,
        Changes = changes.Select(Shorten).ToList(),
        FirstAlertId = firstAlertId,
    };

    private static FieldChange Shorten(FieldChange change)
    {
        var (old, current) = ChangeExcerpt.Of(change.Old, change.New);
        return change with { Old = old, New = current };
    }

    // Agencies holds every spelling (for matching); labels are one name per agency.
    private static List<string> DisplayAgencies(FeedItem item, FeedDefinition feed)
    {
        var agencies = item.AgencyLabels.Count > 0 ? item.AgencyLabels
            : item.Agencies.Count > 0 ? item.Agencies
            : feed.DefaultAgency is { } agency ? [agency] : [];
        return agencies.Distinct(StringComparer.OrdinalIgnoreCase).Take(MaxAgencies).ToList();
    }
}
