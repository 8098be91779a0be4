using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Core.Rules;

/// <summary>
/// Many rules compiled together. Matching tokenizes the item once, looks every token up in one term table
/// holding the words of all rules and their prefixes (a trie under each three-character stem), and
/// evaluates only the rules one of whose anchor terms occurred (plus the few that can match without any
/// term, such as pure negations and regex-only rules), so rules whose terms do not occur cost nothing.
/// Hits are worked out only when a match's <see cref="RuleMatch.Hits"/> are read. Immutable and safe to
/// share between threads.
/// </summary>
public sealed class RuleSet
{
    private const int PrefixFilterBits = 1 << 16;

    private readonly RuleDefinition[] _rules;
    private readonly MatchNode[] _roots;
    private readonly RuleNode[] _expressions;
    private readonly TermTable _terms;
    private readonly ulong[] _prefixFilter;
    private readonly bool _hasPrefixes;
    private readonly int _termCount;
    private readonly int[]?[] _anchoredRules;
    private readonly int[] _alwaysEvaluated;

    private RuleSet(RuleDefinition[] rules, RuleNode[] expressions, MatchNode[] roots, RuleSetBuilder builder, int[]?[] anchoredRules, int[] alwaysEvaluated)
    {
        _rules = rules;
        _expressions = expressions;
        _roots = roots;
        _terms = builder.Terms;
        _prefixFilter = builder.PrefixFilter;
        _hasPrefixes = builder.HasPrefixes;
        _termCount = builder.TermCount;
        _anchoredRules = anchoredRules;
        _alwaysEvaluated = alwaysEvaluated;
    }

    public IReadOnlyList<RuleDefinition> Rules => _rules;

    public int Count => _rules.Length;

    /// <summary>Rules evaluated for every item because no term is required for them to match.</summary>
    internal int AlwaysEvaluatedCount => _alwaysEvaluated.Length;

    /// <exception cref="RuleCompileException">A rule does not parse; it names the rule and the column.</exception>
    public static RuleSet Compile(IEnumerable<RuleDefinition> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var definitions = rules.ToArray();
        var builder = new RuleSetBuilder();
        var roots = new MatchNode[definitions.Length];
        var expressions = new RuleNode[definitions.Length];
        var anchors = new RuleAnchor?[definitions.Length];
        for (var i = 0; i < definitions.Length; i++)
        {
            var rule = definitions[i] ?? throw new ArgumentException("A rule is null.", nameof(rules));
            var parsed = RuleParser.Parse(rule.Expression);
            if (!parsed.IsSuccess)
            {
                throw new RuleCompileException(rule.Name, parsed.Error);
            }

            expressions[i] = parsed.Expression;
            (roots[i], anchors[i]) = builder.Compile(parsed.Expression, FieldScope.Text);
        }

        var postings = new List<int>?[builder.TermCount];
        var always = new List<int>();
        for (var i = 0; i < definitions.Length; i++)
        {
            if (anchors[i] is not { } anchor)
            {
                always.Add(i);
                continue;
            }

            foreach (var term in anchor.TermIds.Distinct())
            {
                (postings[term] ??= []).Add(i);
            }
        }

        var anchoredRules = new int[]?[builder.TermCount];
        for (var t = 0; t < postings.Length; t++)
        {
            anchoredRules[t] = postings[t]?.ToArray();
        }

        return new RuleSet(definitions, expressions, roots, builder, anchoredRules, [.. always]);
    }

    public IReadOnlyList<RuleMatch> Match(FeedItem item) => Match(ItemTokenizer.Tokenize(item));

    /// <summary>The rules that match, in rule order. Each match's hits are worked out when first read.</summary>
    public IReadOnlyList<RuleMatch> Match(TokenizedItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var context = MatchContext.Rent();
        try
        {
            context.Begin(item, _termCount, _rules.Length);
            LookUpTokens(context);
            var candidateCount = CollectCandidates(context);
            List<RuleMatch>? matches = null;
            var candidates = context.Candidates;
            for (var i = 0; i < candidateCount; i++)
            {
                var rule = candidates[i];
                if (_roots[rule].Evaluate(context))
                {
                    (matches ??= []).Add(new RuleMatch(_rules[rule].Name, new LazyTermHits(_expressions[rule], item)));
                }
            }

            return matches is null ? [] : matches;
        }
        finally
        {
            context.End();
            MatchContext.Return(context);
        }
    }

    private void LookUpTokens(MatchContext context)
    {
        var values = context.Values;
        var tokenTerm = context.TokenTerm;
        for (var v = 0; v < values.Length; v++)
        {
            var tokens = values[v].TokenArray;
            var hashes = values[v].TokenHashes;
            var bit = context.ValueBit[v];
            var start = context.ValueStart[v];
            for (var p = 0; p < tokens.Length; p++)
            {
                var token = tokens[p];
                var wordId = -1;
                if (_terms.Find(token, hashes[p]) is { WordId: >= 0 } entry)
                {
                    wordId = entry.WordId;
                    context.Record(wordId, v, p, bit);
                }

                tokenTerm[start + p] = wordId;
                if (_hasPrefixes && token.Length >= RuleParser.MinPrefixLength)
                {
                    LookUpPrefixes(context, token, v, p, bit);
                }
            }
        }
    }

    /// <summary>Finds the token's three-character stem in the term table, then walks the stem's prefix trie along the token.</summary>
    private void LookUpPrefixes(MatchContext context, string token, int value, int position, int bit)
    {
        var hash = TokenHash.Add(TokenHash.Add(TokenHash.Add(TokenHash.Seed, token[0]), token[1]), token[2]);
        var filter = (int)(hash & (PrefixFilterBits - 1));
        if ((_prefixFilter[filter >> 6] & (1UL << (filter & 63))) == 0
            || _terms.Find(token.AsSpan(0, RuleParser.MinPrefixLength), (int)hash) is not { Prefixes: { } node })
        {
            return;
        }

        var i = RuleParser.MinPrefixLength;
        while (true)
        {
            if (node.PrefixId >= 0)
            {
                context.Record(node.PrefixId, value, position, bit);
            }

            if (i == token.Length || node.Child(token[i++]) is not { } next)
            {
                return;
            }

            node = next;
        }
    }

    private int CollectCandidates(MatchContext context)
    {
        context.NextRound();
        var candidates = context.Candidates;
        var count = 0;
        var fromTerms = 0;
        for (var i = 0; i < context.TouchedCount; i++)
        {
            var rules = _anchoredRules[context.TouchedTerm(i)];
            if (rules is null)
            {
                continue;
            }

            fromTerms++;
            foreach (var rule in rules)
            {
                if (context.MarkCandidate(rule))
                {
                    candidates[count++] = rule;
                }
            }
        }

        foreach (var rule in _alwaysEvaluated)
        {
            candidates[count++] = rule;
        }

        if (fromTerms > 1 || (fromTerms == 1 && _alwaysEvaluated.Length > 0))
        {
            candidates.AsSpan(0, count).Sort();
        }

        return count;
    }

    /// <summary>Assigns term ids, fills the term dictionary and compiles expression trees into <see cref="MatchNode"/>s.</summary>
    private sealed class RuleSetBuilder
    {
        public TermTable Terms { get; } = new();

        public ulong[] PrefixFilter { get; } = new ulong[PrefixFilterBits / 64];

        public bool HasPrefixes { get; private set; }

        public int TermCount { get; private set; }


        public (MatchNode Node, RuleAnchor? Anchor) Compile(RuleNode node, int scope)
        {
            switch (node)
            {
                case WordNode word:
                {
                    var id = WordId(word.Word);
                    return (new TokenTermMatchNode(id, scope), RuleAnchor.ForTerm(id, word.Word, isPrefix: false));
                }

                case PrefixNode prefix:
                {
                    var id = PrefixId(prefix.Prefix);
                    return (new TokenTermMatchNode(id, scope), RuleAnchor.ForTerm(id, prefix.Prefix, isPrefix: true));
                }

                case PhraseNode phrase:
                {
                    var ids = new int[phrase.Words.Count];
                    for (var i = 0; i < ids.Length; i++)
                    {
                        ids[i] = WordId(phrase.Words[i]);
                    }

                    var anchor = RuleAnchor.PhraseAnchorIndex(phrase.Words);
                    return (new PhraseMatchNode(ids, scope), RuleAnchor.ForTerm(ids[anchor], phrase.Words[anchor], isPrefix: false));
                }

                case RegexNode regex:
                    return (new RegexMatchNode(regex.Regex, scope), null);
                case FieldNode field:
                    return Compile(field.Operand, FieldScope.Mask(field.Field));
                case NotNode not:
                    return (new NotMatchNode(Compile(not.Operand, scope).Node), null);
                case AndNode and:
                {
                    var operands = new MatchNode[and.Operands.Count];
                    RuleAnchor? anchor = null;
                    for (var i = 0; i < operands.Length; i++)
                    {
                        var (child, childAnchor) = Compile(and.Operands[i], scope);
                        operands[i] = child;
                        anchor = RuleAnchor.Cheaper(anchor, childAnchor);
                    }

                    return (new AndMatchNode(operands), anchor);
                }

                case OrNode or:
                {
                    var operands = new MatchNode[or.Operands.Count];
                    RuleAnchor? anchor = null;
                    var anchored = true;
                    for (var i = 0; i < operands.Length; i++)
                    {
                        var (child, childAnchor) = Compile(or.Operands[i], scope);
                        operands[i] = child;
                        anchored &= childAnchor is not null;
                        anchor = anchor is null ? childAnchor : childAnchor is null ? anchor : RuleAnchor.Union(anchor, childAnchor);
                    }

                    return (new OrMatchNode(operands), anchored ? anchor : null);
                }

                case NearNode near:
                {
                    var (left, leftAnchor) = CompileNearOperand(near.Left, scope);
                    var (right, rightAnchor) = CompileNearOperand(near.Right, scope);
                    return (new NearMatchNode(left, right, near.Distance), RuleAnchor.Cheaper(leftAnchor, rightAnchor));
                }

                default:
                    throw new ArgumentException($"Unknown expression node {node.GetType().Name}.", nameof(node));
            }
        }

        private (SpanMatchNode[] Leaves, RuleAnchor? Anchor) CompileNearOperand(RuleNode node, int scope)
        {
            var leaves = new List<SpanMatchNode>();
            AddNearLeaves(node, scope, leaves);
            var (_, anchor) = Compile(node, scope);
            return ([.. leaves], anchor);
        }

        private void AddNearLeaves(RuleNode node, int scope, List<SpanMatchNode> leaves)
        {
            switch (node)
            {
                case FieldNode field:
                    AddNearLeaves(field.Operand, FieldScope.Mask(field.Field), leaves);
                    break;
                case OrNode or:
                    foreach (var operand in or.Operands)
                    {
                        AddNearLeaves(operand, scope, leaves);
                    }

                    break;
                default:
                    leaves.Add((SpanMatchNode)Compile(node, scope).Node);
                    break;
            }
        }

        private int WordId(string word)
        {
            var entry = Terms.GetOrAdd(word);
            if (entry.WordId < 0)
            {
                entry.WordId = TermCount++;
            }

            return entry.WordId;
        }

        private int PrefixId(string prefix)
        {
            var stem = Terms.GetOrAdd(prefix[..RuleParser.MinPrefixLength]);
            var node = stem.Prefixes ??= new PrefixTrieNode();
            for (var i = RuleParser.MinPrefixLength; i < prefix.Length; i++)
            {
                node = node.GetOrAddChild(prefix[i]);
            }

            if (node.PrefixId < 0)
            {
                node.PrefixId = TermCount++;
                var filter = stem.Hash & (PrefixFilterBits - 1);
                PrefixFilter[filter >> 6] |= 1UL << (filter & 63);
                HasPrefixes = true;
            }

            return node.PrefixId;
        }
    }
}
