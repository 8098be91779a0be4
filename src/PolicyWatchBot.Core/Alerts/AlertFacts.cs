using System.Globalization;

namespace PolicyWatchBot.Core.Alerts;

/// <summary>An alert's short facts in reading order, for the one-line summaries of every renderer.</summary>
public static class AlertFacts
{
    /// <summary>Type, agencies, dates, CFR parts and dockets; what the alert lacks is left out.</summary>
    public static IReadOnlyList<string> Of(AlertMessage alert)
    {
        var facts = new List<string>();
        if (!string.IsNullOrWhiteSpace(alert.DocumentType))
        {
            facts.Add(alert.DocumentType);
        }

        if (alert.Agencies.Count > 0)
        {
            facts.Add(string.Join("; ", alert.Agencies));
        }

        AddDate(facts, "published", alert.PublishedOn);
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

        return facts;
    }

    private static void AddDate(List<string> facts, string label, DateOnly? date)
    {
        if (date is { } value)
        {
            facts.Add(label + " " + value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
    }
}
