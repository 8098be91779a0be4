using System.Globalization;

namespace PolicyWatchBot.Core.Items;

/// <summary>
/// Decides whether a parsed item is new, a meaningful revision of the stored one, or the same.
/// Only fields users alert on count: title, type, dates, summary, CFR parts, agencies, dockets,
/// RINs, action, and for Federal Register documents significance, corrections, the dates text,
/// topics, subtype, executive order number and signing date, and a json-list feed's further fields.
/// Volatile fields such as links, page views or which feed carried the item never make a revision,
/// nor does the detail page's text, which is read once, when the item is new.
/// </summary>
public static class ItemDiffer
{
    public static ItemDiff Compare(FeedItem? previous, FeedItem current)
    {
        if (previous is null)
        {
            return new ItemDiff(current.CorrectionOf is null ? RevisionKind.New : RevisionKind.Corrected, []);
        }

        // A document already published is sometimes still listed on public inspection: that is
        // the past catching up, not a revision.
        if (previous.Stage == ItemStage.Published && current.Stage == ItemStage.PublicInspection)
        {
            return ItemDiff.Unchanged;
        }

        var stageChanged = previous.Stage != current.Stage;
        var changes = new List<FieldChange>();
        Add(changes, "title", previous.Title, current.Title);
        Add(changes, "type", previous.DocumentType, current.DocumentType);
        Add(changes, "publication date", Format(previous.PublishedOn), Format(current.PublishedOn));
        Add(changes, "effective date", Format(previous.EffectiveOn), Format(current.EffectiveOn));
        Add(changes, "comments close", Format(previous.CommentsCloseOn), Format(current.CommentsCloseOn));
        Add(changes, "CFR", Join(previous.CfrReferences), Join(current.CfrReferences));
        Add(changes, "editorial note", previous.EditorialNote, current.EditorialNote);
        if (!stageChanged)
        {
            // Summaries and stamps differ by nature between public inspection and publication;
            // within one stage they are real edits.
            Add(changes, "summary", previous.Summary, current.Summary);
            Add(changes, "updated", Format(previous.UpdatedAt), Format(current.UpdatedAt));
            Add(changes, "action", previous.Action, current.Action);
            if (previous.AgencyLabels.Count > 0 && current.AgencyLabels.Count > 0)
            {
                Add(changes, "agencies", Join(Distinct(previous.AgencyLabels)), Join(Distinct(current.AgencyLabels)));
            }

            Add(changes, "dockets", Join(RegulationIdentifiers.DocketIds(previous.Dockets)), Join(RegulationIdentifiers.DocketIds(current.Dockets)));
            Add(changes, "RINs", Join(RegulationIdentifiers.Rins(previous.Dockets)), Join(RegulationIdentifiers.Rins(current.Dockets)));
            AddExtras(changes, previous.Extras, current.Extras);
            if (previous.FederalRegister is { } before && current.FederalRegister is { } after)
            {
                AddFederalRegister(changes, before, after);
            }
        }

        if (stageChanged)
        {
            var kind = current.Stage switch
            {
                ItemStage.Published => RevisionKind.Published,
                ItemStage.Withdrawn => RevisionKind.Withdrawn,
                _ => RevisionKind.Changed,
            };
            changes.Insert(0, new FieldChange("stage", Describe(previous.Stage), Describe(current.Stage)));
            return new ItemDiff(kind, changes);
        }

        return changes.Count == 0 ? ItemDiff.Unchanged : new ItemDiff(RevisionKind.Changed, changes);
    }

    // Revisions stored before these fields were read have no detail, so only two that both carry it are compared.
    private static void AddFederalRegister(List<FieldChange> changes, FederalRegisterDetail previous, FederalRegisterDetail current)
    {
        Add(changes, "significant", previous.Significant ? "yes" : "no", current.Significant ? "yes" : "no");
        Add(changes, "corrections", Join(previous.Corrections), Join(current.Corrections));
        Add(changes, "dates", previous.Dates, current.Dates);
        Add(changes, "topics", Join(previous.Topics), Join(current.Topics));
        Add(changes, "subtype", previous.Subtype, current.Subtype);
        Add(changes, "executive order", previous.ExecutiveOrderNumber, current.ExecutiveOrderNumber);
        Add(changes, "signing date", Format(previous.SigningDate), Format(current.SigningDate));
    }

    private static void AddExtras(List<FieldChange> changes, IReadOnlyList<ItemExtra> previous, IReadOnlyList<ItemExtra> current)
    {
        foreach (var name in previous.Concat(current).Select(e => e.Name).Distinct(StringComparer.Ordinal))
        {
            Add(changes, name, Values(previous, name), Values(current, name));
        }

        static string? Values(IReadOnlyList<ItemExtra> extras, string name) =>
            string.Join("; ", extras.Where(e => e.Name == name).Select(e => e.Value)) is { Length: > 0 } text ? text : null;
    }

    // Agencies are compared as the source names them (labels), not the feed's default agency, which
    // is configuration: editing a feed file must not revise every item. Join sorts, so a reordering
    // alone is no change.
    private static List<string> Distinct(IReadOnlyList<string> values) => values.Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    private static void Add(List<FieldChange> changes, string field, string? old, string? current)
    {
        var a = Normalize(old);
        var b = Normalize(current);
        if (!string.Equals(a, b, StringComparison.Ordinal))
        {
            changes.Add(new FieldChange(field, a, b));
        }
    }

    private static string? Normalize(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string? Join(IReadOnlyList<string> values) =>
        values.Count == 0 ? null : string.Join(", ", values.Order(StringComparer.OrdinalIgnoreCase));

    private static string? Format(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Format(DateTimeOffset? instant) =>
        instant?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Describe(ItemStage stage) => stage switch
    {
        ItemStage.PublicInspection => "public inspection",
        ItemStage.Withdrawn => "withdrawn",
        _ => "published",
    };
}
