namespace PolicyWatchBot.Core.Rules;

/// <summary>
/// The <see cref="MatchNode"/> trees of a <see cref="RuleSet"/> flattened into arrays of instructions, so
/// that deciding a rule reads a few adjacent integers and the item's term masks instead of chasing objects
/// through virtual calls. Words, prefixes, phrases, AND, OR and NOT are instructions; NEAR and regexes call
/// their <see cref="MatchNode"/>. Each term's anchored rules are laid out one after the other with their
/// code (a rule anchored on several terms is copied under each), so the rules a term makes candidates are
/// decided reading memory in order, which matters once the rules no longer fit in the processor's caches.
/// </summary>
internal sealed class MatchProgram
{
    private const int TermOp = 0;
    private const int AndOp = 1;
    private const int OrOp = 2;
    private const int NotOp = 3;
    private const int NodeOp = 4;
    private const int PhraseOp = 5;

    // Term: [TermOp, term id, scope]. And, Or: [op, length of the operands] then the operands. Not: [NotOp]
    // then the operand. Phrase: [PhraseOp, scope, word count, word term ids...]. Node: [NodeOp, index in
    // _nodes]. Lengths rather than offsets keep code valid wherever it is copied.
    private readonly int[] _code;
    private readonly int[] _ruleStart;

    // Under term t, from _termStart[t] to _termStart[t + 1]: for each rule anchored on t, [rule, anchor scope,
    // code length, code...]. A rule that is just the anchor term in the anchor scope has no code: it matches.
    private readonly int[] _anchored;
    private readonly int[] _termStart;
    private readonly MatchNode[] _nodes;

    private MatchProgram(int[] code, int[] ruleStart, int[] anchored, int[] termStart, MatchNode[] nodes)
    {
        _code = code;
        _ruleStart = ruleStart;
        _anchored = anchored;
        _termStart = termStart;
        _nodes = nodes;
    }

    /// <param name="roots">The compiled rules.</param>
    /// <param name="anchoredRules">Per term id, the rules anchored on it, in rule order, with the fields in which the term must occur.</param>
    public static MatchProgram Create(IReadOnlyList<MatchNode> roots, IReadOnlyList<IReadOnlyList<(int Rule, int Scope)>> anchoredRules)
    {
        var code = new List<int>();
        var nodes = new List<MatchNode>();
        var ruleStart = new int[roots.Count + 1];
        for (var i = 0; i < roots.Count; i++)
        {
            ruleStart[i] = code.Count;
            Emit(roots[i], code, nodes);
        }

        ruleStart[^1] = code.Count;
        var anchored = new List<int>();
        var termStart = new int[anchoredRules.Count + 1];
        for (var t = 0; t < anchoredRules.Count; t++)
        {
            termStart[t] = anchored.Count;
            foreach (var (rule, scope) in anchoredRules[t])
            {
                var start = ruleStart[rule];
                var length = ruleStart[rule + 1] - start;
                if (length == 3 && code[start] == TermOp && code[start + 1] == t && code[start + 2] == scope)
                {
                    length = 0;
                }

                anchored.AddRange([rule, scope, length]);
                anchored.AddRange(code.Skip(start).Take(length));
            }
        }

        termStart[^1] = anchored.Count;
        return new MatchProgram([.. code], ruleStart, [.. anchored], termStart, [.. nodes]);
    }

    /// <summary>Decides the rules anchored on <paramref name="term"/> not decided yet for the current item.</summary>
    public void DecideAnchoredRules(int term, MatchContext context)
    {
        var code = _anchored;
        var decided = context.DecidedRules;
        var matched = context.MatchedRules;
        var termMasks = context.TermMasks;
        var termMask = termMasks[term];
        for (int p = _termStart[term], end = _termStart[term + 1]; p < end; p += 3 + code[p + 2])
        {
            if ((termMask & code[p + 1]) == 0)
            {
                continue;
            }

            var rule = code[p];
            var bit = 1UL << rule;
            if ((decided[rule >> 6] & bit) != 0)
            {
                continue;
            }

            decided[rule >> 6] |= bit;
            var pc = p + 3;
            if (code[p + 2] == 0 || Run(code, ref pc, context, termMasks))
            {
                matched[rule >> 6] |= bit;
            }
        }
    }

    /// <summary>Decides one rule (one evaluated for every item).</summary>
    public void DecideRule(int rule, MatchContext context)
    {
        var pc = _ruleStart[rule];
        if (Run(_code, ref pc, context, context.TermMasks))
        {
            context.MatchedRules[rule >> 6] |= 1UL << rule;
        }
    }

    private static void Emit(MatchNode node, List<int> code, List<MatchNode> nodes)
    {
        switch (node)
        {
            case TokenTermMatchNode term:
                code.AddRange([TermOp, term.TermId, term.Scope]);
                break;
            case AndMatchNode and:
                EmitGroup(AndOp, and.Operands, code, nodes);
                break;
            case OrMatchNode or:
                EmitGroup(OrOp, or.Operands, code, nodes);
                break;
            case PhraseMatchNode phrase:
                code.AddRange([PhraseOp, phrase.Scope, phrase.TermIds.Count, .. phrase.TermIds]);
                break;
            case NotMatchNode not:
                code.Add(NotOp);
                Emit(not.Operand, code, nodes);
                break;
            default:
                code.AddRange([NodeOp, nodes.Count]);
                nodes.Add(node);
                break;
        }
    }

    private static void EmitGroup(int op, IReadOnlyList<MatchNode> operands, List<int> code, List<MatchNode> nodes)
    {
        code.Add(op);
        var length = code.Count;
        code.Add(0);
        foreach (var operand in operands)
        {
            Emit(operand, code, nodes);
        }

        code[length] = code.Count - length - 1;
    }

    private bool Run(int[] code, ref int pc, MatchContext context, int[] termMasks)
    {
        switch (code[pc])
        {
            case TermOp:
            {
                var result = (termMasks[code[pc + 1]] & code[pc + 2]) != 0;
                pc += 3;
                return result;
            }

            case AndOp:
            case OrOp:
            {
                // AND stops at the first false operand, OR at the first true one.
                var stopOn = code[pc] == OrOp;
                var end = pc + 2 + code[pc + 1];
                pc += 2;
                while (pc < end)
                {
                    if (Run(code, ref pc, context, termMasks) == stopOn)
                    {
                        pc = end;
                        return stopOn;
                    }
                }

                return !stopOn;
            }

            case PhraseOp:
            {
                var length = code[pc + 2];
                var result = context.HasPhrase(code.AsSpan(pc + 3, length), code[pc + 1]);
                pc += 3 + length;
                return result;
            }

            case NotOp:
                pc++;
                return !Run(code, ref pc, context, termMasks);
            default:
            {
                var node = _nodes[code[pc + 1]];
                pc += 2;
                return node.Evaluate(context);
            }
        }
    }
}
