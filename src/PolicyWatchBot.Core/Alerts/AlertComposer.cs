using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Rules;

namespace PolicyWatchBot.Core.Alerts;

/// <summary>Builds the platform-neutral alert for one item revision and one channel.</summary>
public static class AlertComposer
{
    private const int MaxAgencies = 3;

    /// <param name="alertId">The alert's public id, decided when the alert is planned.</param>
    /// <param name="matchedRules">The rules that matched, hits located in the item's values; summary hits are moved onto the shortened summary.</param>
    public static AlertMessage Compose(
        string alertId,
        FeedDefinition feed,
        FeedItem item,
        RevisionKind kind,
        IReadOnlyList<FieldChange> changes,
        IReadOnlyList<MatchedRule> matchedRules,
        string? firstAlertId)
    {
        var summary = SummaryCutter.Cut(item.Summary ?? item.Detail ?? ExtrasText(item));
        return new AlertMessage
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
            SourceTime = SourceTime(item),
            EffectiveOn = item.EffectiveOn,
            CommentsCloseOn = item.CommentsCloseOn,
            CfrReferences = item.CfrReferences,
            Dockets = RegulationIdentifiers.DocketIds(item.Dockets),
            Rins = RegulationIdentifiers.Rins(item.Dockets),
            Significant = item.FederalRegister?.Significant ?? false,
            SignedOn = item.FederalRegister?.SigningDate,
            Summary = summary,
            MatchedRules = [.. matchedRules.Select(r => OnShownSummary(r, item.Summary, summary))],
            Changes = changes.Select(Shorten).ToList(),
            FirstAlertId = firstAlertId,
        };
    }

    /// <summary>Summary hits counted in the alert's shortened summary; those past its end are left out (the terms still list them).</summary>
    private static MatchedRule OnShownSummary(MatchedRule rule, string? raw, string? shown)
    {
        if (!rule.Hits.Any(h => h.Field == ItemField.Summary))
        {
            return rule;
        }

        var hits = new List<MatchedTerm>(rule.Hits.Count);
        foreach (var hit in rule.Hits)
        {
            if (hit.Field != ItemField.Summary)
            {
                hits.Add(hit);
            }
            else if (raw is not null && shown is not null && SummaryCutter.ShownAt(raw, shown, hit.Start, hit.Length) is { } at)
            {
                hits.Add(hit with { Start = at.Start, Length = at.Length });
            }
        }

        return rule with { Hits = hits };
    }

    // A json-list item without a summary is told by its further fields: "Latest action: Referred to ...".
    private static string? ExtrasText(FeedItem item) =>
        item.Extras.Count == 0 ? null : string.Join(". ", item.Extras.Select(e => $"{char.ToUpperInvariant(e.Name[0])}{e.Name[1..]}: {e.Value.TrimEnd('.')}")) + ".";

    private static DateTimeOffset? SourceTime(FeedItem item) =>
        (item.Stage == ItemStage.PublicInspection ? item.FiledAt : null)
        ?? item.UpdatedAt
        ?? (item.PublishedOn is { } day ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null);

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
