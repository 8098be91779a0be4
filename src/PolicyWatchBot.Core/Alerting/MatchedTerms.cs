using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Rules;

namespace PolicyWatchBot.Core.Alerting;

/// <summary>A rule's hits turned from token positions (what matching counts) into text as it occurs in the item.</summary>
public static class MatchedTerms
{
    /// <summary>The rule with its hits located in the item's values; a hit whose place cannot be told keeps the rule's own spelling of the term.</summary>
    public static MatchedRule Of(RuleMatch match, TokenizedItem item)
    {
        ArgumentNullException.ThrowIfNull(match);
        ArgumentNullException.ThrowIfNull(item);
        var hits = new List<MatchedTerm>(match.Hits.Count);
        var terms = new List<string>();
        foreach (var hit in match.Hits)
        {
            var located = Locate(hit, item);
            if (located is not null)
            {
                hits.Add(located);
            }

            var text = AlertText.OneLine(located?.Text ?? hit.Term);
            if (!terms.Contains(text, StringComparer.OrdinalIgnoreCase))
            {
                terms.Add(text);
            }
        }

        return new MatchedRule(match.RuleName, terms) { Hits = hits };
    }

    private static MatchedTerm? Locate(TermHit hit, TokenizedItem item)
    {
        var value = item.Values.FirstOrDefault(v => v.Field == hit.Field && v.Index == hit.ValueIndex);
        if (value is null)
        {
            return null;
        }

        int start, end;
        if (hit.Unit == HitUnit.Characters)
        {
            (start, end) = (hit.Position, hit.Position + hit.Length);
        }
        else if (value.Spans is { } spans && hit.Position + hit.Length <= spans.Length && hit.Length > 0)
        {
            var last = spans[hit.Position + hit.Length - 1];
            (start, end) = (spans[hit.Position].Start, last.Start + last.Length);
        }
        else
        {
            return null;
        }

        return start < 0 || end > value.Text.Length || end <= start
            ? null
            : new MatchedTerm(hit.Field, hit.ValueIndex, start, end - start, value.Text[start..end]);
    }
}
