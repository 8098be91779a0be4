using System.Text.RegularExpressions;

namespace PolicyWatchBot.Core.Rules;

/// <summary>
/// Evaluates one parsed expression directly over a tokenized item, term by term, comparing token strings.
/// Plain and slow on purpose: the reference that <see cref="RuleSet"/>'s index must agree with, and the
/// engine behind <see cref="CompiledRule"/> for backtests of a single rule.
/// </summary>
internal static class ExpressionEvaluator
{
    /// <summary>Hits show where a rule matched; a regex that matches everywhere (<c>/x*/</c>) is not worth a hit per character.</summary>
    public const int MaxRegexHitsPerValue = 100;

    /// <exception cref="RegexMatchTimeoutException">A regular expression of the rule ran past its timeout.</exception>
    public static bool IsMatch(RuleNode node, TokenizedItem item) => Evaluate(node, item, FieldScope.Text);

    public static void CollectHits(RuleNode node, TokenizedItem item, List<TermHit> hits) => Collect(node, item, FieldScope.Text, hits);

    private static bool Evaluate(RuleNode node, TokenizedItem item, int scope)
    {
        switch (node)
        {
            case AndNode and:
                foreach (var operand in and.Operands)
                {
                    if (!Evaluate(operand, item, scope))
                    {
                        return false;
                    }
                }

                return true;
            case OrNode or:
                foreach (var operand in or.Operands)
                {
                    if (Evaluate(operand, item, scope))
                    {
                        return true;
                    }
                }

                return false;
            case NotNode not:
                return !Evaluate(not.Operand, item, scope);
            case FieldNode field:
                return Evaluate(field.Operand, item, FieldScope.Mask(field.Field));
            case RegexNode regex:
                foreach (var value in item.ValueArray)
                {
                    if (InScope(value, scope) && regex.Regex.IsMatch(value.Text))
                    {
                        return true;
                    }
                }

                return false;
            case NearNode near:
                return Near(near, item, scope, null);
            default:
                return Spans(node, item, scope).Count > 0;
        }
    }

    private static void Collect(RuleNode node, TokenizedItem item, int scope, List<TermHit> hits)
    {
        switch (node)
        {
            case AndNode and:
                foreach (var operand in and.Operands)
                {
                    Collect(operand, item, scope, hits);
                }

                break;
            case OrNode or:
                foreach (var operand in or.Operands)
                {
                    if (Evaluate(operand, item, scope))
                    {
                        Collect(operand, item, scope, hits);
                    }
                }

                break;
            case NotNode:
                break;
            case FieldNode field:
                Collect(field.Operand, item, FieldScope.Mask(field.Field), hits);
                break;
            case RegexNode regex:
                foreach (var value in item.ValueArray)
                {
                    if (!InScope(value, scope))
                    {
                        continue;
                    }

                    try
                    {
                        var found = 0;
                        foreach (var match in regex.Regex.EnumerateMatches(value.Text))
                        {
                            hits.Add(new TermHit(value.Field, value.Index, regex.ToString(), match.Index, match.Length, HitUnit.Characters));
                            if (++found == MaxRegexHitsPerValue)
                            {
                                break;
                            }
                        }
                    }
                    catch (RegexMatchTimeoutException)
                    {
                        // Hits only show where the rule matched; the matches found so far are enough.
                    }
                }

                break;
            case NearNode near:
                Near(near, item, scope, hits);
                break;
            default:
                foreach (var span in Spans(node, item, scope))
                {
                    hits.Add(span.ToHit());
                }

                break;
        }
    }

    /// <summary>Whether some span of the left operand is within the distance of some span of the right one; adds both spans of each such pair to <paramref name="hits"/>.</summary>
    private static bool Near(NearNode near, TokenizedItem item, int scope, List<TermHit>? hits)
    {
        var left = Spans(near.Left, item, scope);
        var right = Spans(near.Right, item, scope);
        var found = false;
        foreach (var a in left)
        {
            foreach (var b in right)
            {
                if (a.Value == b.Value && Proximity.AreNear(a.Start, a.Length, b.Start, b.Length, near.Distance))
                {
                    if (hits is null)
                    {
                        return true;
                    }

                    found = true;
                    hits.Add(a.ToHit());
                    hits.Add(b.ToHit());
                }
            }
        }

        return found;
    }

    /// <summary>Every occurrence of a word, prefix or phrase (or an OR of those) in scope.</summary>
    private static List<TermSpan> Spans(RuleNode node, TokenizedItem item, int scope)
    {
        var spans = new List<TermSpan>();
        AddSpans(node, item, scope, spans);
        return spans;
    }

    private static void AddSpans(RuleNode node, TokenizedItem item, int scope, List<TermSpan> spans)
    {
        switch (node)
        {
            case FieldNode field:
                AddSpans(field.Operand, item, FieldScope.Mask(field.Field), spans);
                return;
            case OrNode or:
                foreach (var operand in or.Operands)
                {
                    AddSpans(operand, item, scope, spans);
                }

                return;
        }

        foreach (var value in item.ValueArray)
        {
            if (!InScope(value, scope))
            {
                continue;
            }

            var tokens = value.TokenArray;
            for (var p = 0; p < tokens.Length; p++)
            {
                switch (node)
                {
                    case WordNode word when tokens[p] == word.Word:
                        spans.Add(new TermSpan(value, p, 1, word.Word));
                        break;
                    case PrefixNode prefix when tokens[p].StartsWith(prefix.Prefix, StringComparison.Ordinal):
                        spans.Add(new TermSpan(value, p, 1, prefix.ToString()));
                        break;
                    case PhraseNode phrase when IsPhraseAt(tokens, p, phrase.Words):
                        spans.Add(new TermSpan(value, p, phrase.Words.Count, phrase.Text));
                        break;
                }
            }
        }
    }

    private static bool IsPhraseAt(string[] tokens, int position, IReadOnlyList<string> words)
    {
        if (position + words.Count > tokens.Length)
        {
            return false;
        }

        for (var i = 0; i < words.Count; i++)
        {
            if (tokens[position + i] != words[i])
            {
                return false;
            }
        }

        return true;
    }

    private static bool InScope(TokenizedValue value, int scope) => (FieldScope.Bit(value.Field) & scope) != 0;

    private readonly record struct TermSpan(TokenizedValue Value, int Start, int Length, string Term)
    {
        public TermHit ToHit() => new(Value.Field, Value.Index, Term, Start, Length);
    }
}
