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
    private const int OpBits = 3;
    private const int OpMask = (1 << OpBits) - 1;

    // FieldScope masks have one bit per ItemField: every field must fit (a test checks it). What sits
    // above the scope still fits in the rest: a rule's code and a phrase's words (RuleParser.MaxLength
    // characters) stay under 2^13.
    internal const int ScopeBits = 18;
    private const int ScopeMask = (1 << ScopeBits) - 1;

    // An instruction's first integer holds the operation in its low OpBits bits and an operand above them.
    // Term: [TermOp | scope, term id]. And, Or: [op | length of the operands] then the operands. Not: [NotOp]
    // then the operand. Phrase: [PhraseOp | scope | word count above the scope, word term ids...]. Node:
    // [NodeOp | index in _nodes]. Lengths rather than offsets keep code valid wherever it is copied. Rules
    // are short (RuleParser.MaxLength), so every field fits.
    private readonly int[] _code;
    private readonly int[] _ruleStart;

    // Under term t, from _termStart[t] to _termStart[t + 1]: for each rule anchored on t, [rule, anchor scope |
    // code length above the scope, code...]. A rule that is just the anchor term in the anchor scope has no
    // code: it matches.
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
                if (length == 2 && code[start] == (TermOp | (scope << OpBits)) && code[start + 1] == t)
                {
                    length = 0;
                }

                anchored.AddRange([rule, scope | (length << ScopeBits)]);
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
        for (int p = _termStart[term], end = _termStart[term + 1]; p < end; p += 2 + (code[p + 1] >> ScopeBits))
        {
            if ((termMask & code[p + 1] & ScopeMask) == 0)
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
            context.Decisions++;
            var pc = p + 2;
            if (code[p + 1] >> ScopeBits == 0 || Run(code, ref pc, context, termMasks))
            {
                matched[rule >> 6] |= bit;
            }
        }
    }

    /// <summary>Decides one rule (one evaluated for every item).</summary>
    public void DecideRule(int rule, MatchContext context)
    {
        context.Decisions++;
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
                code.AddRange([TermOp | (term.Scope << OpBits), term.TermId]);
                break;
            case AndMatchNode and:
                EmitGroup(AndOp, and.Operands, code, nodes);
                break;
            case OrMatchNode or:
                EmitGroup(OrOp, or.Operands, code, nodes);
                break;
            case PhraseMatchNode phrase:
                code.AddRange([PhraseOp | (phrase.Scope << OpBits) | (phrase.TermIds.Count << (OpBits + ScopeBits)), .. phrase.TermIds]);
                break;
            case NotMatchNode not:
                code.Add(NotOp);
                Emit(not.Operand, code, nodes);
                break;
            default:
                code.Add(NodeOp | (nodes.Count << OpBits));
                nodes.Add(node);
                break;
        }
    }

    private static void EmitGroup(int op, IReadOnlyList<MatchNode> operands, List<int> code, List<MatchNode> nodes)
    {
        var start = code.Count;
        code.Add(op);
        foreach (var operand in operands)
        {
            Emit(operand, code, nodes);
        }

        code[start] = op | ((code.Count - start - 1) << OpBits);
    }

    private bool Run(int[] code, ref int pc, MatchContext context, int[] termMasks)
    {
        var instruction = code[pc];
        var operand = instruction >> OpBits;
        switch (instruction & OpMask)
        {
            case TermOp:
            {
                var result = (termMasks[code[pc + 1]] & operand) != 0;
                pc += 2;
                return result;
            }

            case AndOp:
            case OrOp:
            {
                // AND stops at the first false operand, OR at the first true one.
                var stopOn = (instruction & OpMask) == OrOp;
                var end = pc + 1 + operand;
                pc++;
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
                var length = operand >> ScopeBits;
                var result = context.HasPhrase(code.AsSpan(pc + 1, length), operand & ScopeMask);
                pc += 1 + length;
                return result;
            }

            case NotOp:
                pc++;
                return !Run(code, ref pc, context, termMasks);
            default:
                pc++;
                return _nodes[operand].Evaluate(context);
        }
    }
}
