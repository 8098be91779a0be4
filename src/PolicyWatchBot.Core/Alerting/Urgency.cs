using System.Text.RegularExpressions;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Core.Screening.Entities;

namespace PolicyWatchBot.Core.Alerting;

/// <summary>
/// Which alerts are urgent: those of a rule marked urgent, whatever the item, and, whatever the rule,
/// items urgent by nature when they first appear or are published: an FR special filing on public
/// inspection, an interim final rule, a rule effective within 3 days of its publication, an Entity
/// List addition, a significant rule.
/// </summary>
public static partial class Urgency
{
    public const int ShortNoticeDays = 3;

    /// <summary>Why the alert is urgent, and who its urgent rules ping; (null, []) when it is not urgent.</summary>
    public static (string? Reason, IReadOnlyList<Mention> Mentions) Of(FeedItem item, RevisionKind kind, IReadOnlyList<RuleMatch> matched, IReadOnlyList<RuleDefinition> rules)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(matched);
        ArgumentNullException.ThrowIfNull(rules);
        var urgentRules = rules.Where(r => r.Urgent && matched.Any(m => m.RuleName == r.Name)).ToList();
        var mentions = urgentRules.Select(r => r.Notify).OfType<Mention>().Distinct().ToList();
        var reason = urgentRules.Count switch
        {
            0 => ByNature(item, kind),
            1 => $"rule {urgentRules[0].Name} is urgent",
            _ => $"rules {string.Join(", ", urgentRules.Select(r => r.Name))} are urgent",
        };
        return (reason, mentions);
    }

    /// <summary>Why the item is urgent by its nature at this revision, or null.</summary>
    public static string? ByNature(FeedItem item, RevisionKind kind)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (kind is not (RevisionKind.New or RevisionKind.Published))
        {
            return null;
        }

        if (item.Stage == ItemStage.PublicInspection && string.Equals(item.FilingType, "special", StringComparison.OrdinalIgnoreCase))
        {
            return "special filing on public inspection";
        }

        if (InterimFinalRule().IsMatch(item.Action ?? "") || InterimFinalRule().IsMatch(item.Title))
        {
            return "interim final rule";
        }

        if (item.Listing is { Change: EntityChangeKind.Added, List: EntityListAdditions.List } || EntityListAddition().IsMatch(item.Title))
        {
            return "Entity List addition";
        }

        if (IsRule(item) && item.FederalRegister?.Significant == true)
        {
            return "significant rule";
        }

        if (IsRule(item) && item.EffectiveOn is { } effective && item.PublishedOn is { } published
            && effective.DayNumber - published.DayNumber is >= 0 and <= ShortNoticeDays)
        {
            return $"rule effective within {ShortNoticeDays} days of publication";
        }

        return null;
    }

    private static bool IsRule(FeedItem item) =>
        item.DocumentType is { } type && (type.Equals("Rule", StringComparison.OrdinalIgnoreCase) || type.Equals("Final Rule", StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex(@"\binterim final rule\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InterimFinalRule();

    [GeneratedRegex(@"\badditions?\b.{0,60}\bentity list\b|\bentity list\b.{0,30}\badditions?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EntityListAddition();
}
