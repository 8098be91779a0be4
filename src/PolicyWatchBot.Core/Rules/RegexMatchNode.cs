using System.Text.RegularExpressions;

namespace PolicyWatchBot.Core.Rules;

/// <summary>A regular expression over the raw text of each value in scope.</summary>
internal sealed class RegexMatchNode(Regex regex, string term, int scope) : MatchNode
{
    public override bool Evaluate(MatchContext context)
    {
        var values = context.Values;
        for (var v = 0; v < values.Length; v++)
        {
            if ((context.ValueBit[v] & scope) != 0 && regex.IsMatch(values[v].Text))
            {
                return true;
            }
        }

        return false;
    }

    public override void CollectHits(MatchContext context, List<TermHit> hits)
    {
        var values = context.Values;
        for (var v = 0; v < values.Length; v++)
        {
            if ((context.ValueBit[v] & scope) == 0)
            {
                continue;
            }

            var value = values[v];
            foreach (var match in regex.EnumerateMatches(value.Text))
            {
                hits.Add(new TermHit(value.Field, value.Index, term, match.Index, match.Length, HitUnit.Characters));
            }
        }
    }
}
