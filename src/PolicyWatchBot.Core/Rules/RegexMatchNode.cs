using System.Text.RegularExpressions;

namespace PolicyWatchBot.Core.Rules;

/// <summary>
/// A regular expression over the raw text of each value in scope. A match that runs past the regex's
/// timeout counts as no match here and marks <paramref name="rule"/> as timed out on the item, so the
/// <see cref="RuleSet"/> reports the rule instead of matching it (even under a NOT).
/// </summary>
internal sealed class RegexMatchNode(RegexNode regex, int scope, int rule) : MatchNode
{
    public override bool Evaluate(MatchContext context)
    {
        if (context.HasTimedOut(rule))
        {
            return false;
        }

        var values = context.Values;
        for (var v = 0; v < values.Length; v++)
        {
            if ((context.ValueBit[v] & scope) == 0)
            {
                continue;
            }

            try
            {
                if (regex.Regex.IsMatch(values[v].Text))
                {
                    return true;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                context.NoteTimedOut(rule);
                return false;
            }
        }

        return false;
    }
}
