using System.Text.RegularExpressions;

namespace PolicyWatchBot.Core.Rules;

/// <summary>A regular expression over the raw text of each value in scope.</summary>
internal sealed class RegexMatchNode(Regex regex, int scope) : MatchNode
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
}
