using System.Globalization;
using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Core.Alerts;

/// <summary>
/// The wording of an alert that every renderer (console, Slack, Discord) shares: the kind label,
/// the short facts, and the acknowledgement and mute lines. Renderers escape it for their markup.
/// </summary>
public static class AlertText
{
    public static string KindLabel(RevisionKind kind) => kind switch
    {
        RevisionKind.New => "New",
        RevisionKind.Changed => "Changed",
        RevisionKind.Published => "Published",
        RevisionKind.Corrected => "Corrected",
        RevisionKind.Withdrawn => "Withdrawn",
        _ => kind.ToString(),
    };

    /// <summary>Type (and significance), agencies, dates, CFR parts, dockets and RINs, in reading order; what the alert lacks is left out.</summary>
    public static IReadOnlyList<string> Facts(AlertMessage alert)
    {
        var facts = new List<string>();
        if (!string.IsNullOrWhiteSpace(alert.DocumentType))
        {
            facts.Add(alert.Significant ? alert.DocumentType + " (significant)" : alert.DocumentType);
        }
        else if (alert.Significant)
        {
            facts.Add("significant");
        }

        if (alert.Agencies.Count > 0)
        {
            facts.Add(string.Join("; ", alert.Agencies));
        }

        AddDate(facts, "signed", alert.SignedOn);
        if (alert.OnPublicInspection)
        {
            facts.Add(PublicInspection(alert));
        }
        else
        {
            AddDate(facts, "published", alert.PublishedOn);
        }

        AddDate(facts, "effective", alert.EffectiveOn);
        AddDate(facts, "comments close", alert.CommentsCloseOn);
        if (alert.CfrReferences.Count > 0)
        {
            facts.Add(string.Join(", ", alert.CfrReferences));
        }

        if (alert.Dockets.Count > 0)
        {
            facts.Add("docket " + string.Join(", ", alert.Dockets));
        }

        if (alert.Rins.Count > 0)
        {
            facts.Add("RIN " + string.Join(", ", alert.Rins));
        }

        return facts;
    }

    /// <summary>
    /// A document on public inspection is not published yet: "filed for public inspection on D, to
    /// be published on P", leaving out the date the source does not give.
    /// </summary>
    public static string PublicInspection(AlertMessage alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var filed = alert.FiledOn is { } on ? "filed for public inspection on " + Day(on) : "on public inspection";
        return alert.PublishedOn is { } publication ? $"{filed}, to be published on {Day(publication)}" : filed;
    }

    /// <summary>The alert's dates on one line, or null when it has none.</summary>
    public static string? Dates(AlertMessage alert)
    {
        var dates = new List<string>();
        AddDate(dates, "published", alert.PublishedOn);
        AddDate(dates, "effective", alert.EffectiveOn);
        AddDate(dates, "comments close", alert.CommentsCloseOn);
        return dates.Count == 0 ? null : string.Join(" · ", dates);
    }

    /// <summary>
    /// A changed comment-close or effective date in words ("comment period extended from 2024-03-11
    /// to 2024-04-10", "effective date delayed from … to …"); null for any other field.
    /// </summary>
    public static string? DateChange(FieldChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var later = change.Old is { } before && change.New is { } after && string.CompareOrdinal(after, before) > 0;
        return (change.Field, change.Old, change.New) switch
        {
            ("comments close", null, { } now) => $"comments now close {now}",
            ("comments close", { } was, null) => $"the comment close date {was} was removed",
            ("comments close", { } was, { } now) => later ? $"comment period extended from {was} to {now}" : $"comment period shortened from {was} to {now}",
            ("effective date", null, { } now) => $"now effective {now}",
            ("effective date", { } was, null) => $"the effective date {was} was removed",
            ("effective date", { } was, { } now) => later ? $"effective date delayed from {was} to {now}" : $"effective date moved up from {was} to {now}",
            _ => null,
        };
    }

    public static string Acknowledged(Acknowledgement ack) =>
        $"acknowledged by {OneLine(ack.By.UserName)} at {Minute(ack.At)} UTC"
        + (string.IsNullOrWhiteSpace(ack.Note) ? "" : ": " + OneLine(ack.Note));

    public static string Muted(MuteNotice mute) =>
        $"{OneLine(mute.Muted)} muted until {Minute(mute.Until)} UTC by {OneLine(mute.By.UserName)}";

    /// <summary>Feed or user text on one line: its own line breaks must not break a layout (or fake a second alert).</summary>
    public static string OneLine(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Minute(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void AddDate(List<string> facts, string label, DateOnly? date)
    {
        if (date is { } value)
        {
            facts.Add(label + " " + value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
    }
}
