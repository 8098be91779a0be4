using System.Runtime.InteropServices;
using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Core.Rules;

/// <summary>
/// Many rules compiled together. Matching tokenizes the item once, looks every token up in one dictionary
/// holding the words and three-character prefix buckets of all rules, and evaluates only the rules one of
/// whose anchor terms occurred (plus the few that can match without any term, such as pure negations and
/// regex-only rules). The cost of an item therefore grows with the rules it hits, not with the rule count.
/// Immutable and safe to share between threads.
/// </summary>
public sealed class RuleSet
{
    private const int PrefixFilterBits = 1 << 16;

    private readonly RuleDefinition[] _rules;
    private readonly MatchNode[] _roots;
    private readonly Dictionary<string, TermEntry> _terms;
    private readonly Dictionary<string, TermEntry>.AlternateLookup<ReadOnlySpan<char>> _spanTerms;
    private readonly ulong[] _prefixFilter;
    private readonly bool _hasPrefixes;
    private readonly int _termCount;
    private readonly int[]?[] _anchoredRules;
    private readonly int[] _alwaysEvaluated;

    private RuleSet(RuleDefinition[] rules, MatchNode[] roots, RuleSetBuilder builder, int[]?[] anchoredRules, int[] alwaysEvaluated)
    {
        _rules = rules;
        _roots = roots;
        _terms = builder.Terms;
        _spanTerms = _terms.GetAlternateLookup<ReadOnlySpan<char>>();
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
        var anchors = new RuleAnchor?[definitions.Length];
        for (var i = 0; i < definitions.Length; i++)
        {
            var rule = definitions[i] ?? throw new ArgumentException("A rule is null.", nameof(rules));
            var parsed = RuleParser.Parse(rule.Expression);
            if (!parsed.IsSuccess)
            {
                throw new RuleCompileException(rule.Name, parsed.Error);
            }

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

        return new RuleSet(definitions, roots, builder, anchoredRules, [.. always]);
    }

    public IReadOnlyList<RuleMatch> Match(FeedItem item) => Match(ItemTokenizer.Tokenize(item));

    /// <summary>The rules that match, in rule order, each with its hits.</summary>
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
                var root = _roots[rule];
                if (!root.Evaluate(context))
                {
                    continue;
                }

                var hits = new List<TermHit>();
                root.CollectHits(context, hits);
                (matches ??= []).Add(new RuleMatch(_rules[rule].Name, HitOrder.SortDistinct(hits)));
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
            var bit = context.ValueBit[v];
            var start = context.ValueStart[v];
            for (var p = 0; p < tokens.Length; p++)
            {
                var token = tokens[p];
                var wordId = -1;
                if (_terms.TryGetValue(token, out var entry) && entry.WordId >= 0)
                {
                    wordId = entry.WordId;
                    context.Record(wordId, v, p, bit);
                }

                tokenTerm[start + p] = wordId;
                if (_hasPrefixes && token.Length >= RuleParser.MinPrefixLength && MayHavePrefixes(token))
                {
                    LookUpPrefixes(context, token, v, p, bit);
                }
            }
        }
    }

    private void LookUpPrefixes(MatchContext context, string token, int value, int position, int bit)
    {
        if (!_spanTerms.TryGetValue(token.AsSpan(0, RuleParser.MinPrefixLength), out var bucket) || bucket.Prefixes is not { } prefixes)
        {
            return;
        }

        var ids = bucket.PrefixIds!;
        for (var i = 0; i < prefixes.Length; i++)
        {
            if (token.StartsWith(prefixes[i], StringComparison.Ordinal))
            {
                context.Record(ids[i], value, position, bit);
            }
        }
    }

    private bool MayHavePrefixes(string token)
    {
        var hash = RuleSetBuilder.PrefixHash(token);
        return (_prefixFilter[hash >> 6] & (1UL << (hash & 63))) != 0;
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
        public Dictionary<string, TermEntry> Terms { get; } = new(StringComparer.Ordinal);

        public ulong[] PrefixFilter { get; } = new ulong[PrefixFilterBits / 64];

        public bool HasPrefixes { get; private set; }

        public int TermCount { get; private set; }

        private readonly Dictionary<string, int> _prefixIds = new(StringComparer.Ordinal);

        public static int PrefixHash(string token) => ((token[0] * 961) + (token[1] * 31) + token[2]) & (PrefixFilterBits - 1);

        public (MatchNode Node, RuleAnchor? Anchor) Compile(RuleNode node, int scope)
        {
            switch (node)
            {
                case WordNode word:
                {
                    var id = WordId(word.Word);
                    return (new TokenTermMatchNode(id, word.Word, scope), RuleAnchor.ForTerm(id, word.Word, isPrefix: false));
                }

                case PrefixNode prefix:
                {
                    var id = PrefixId(prefix.Prefix);
                    return (new TokenTermMatchNode(id, prefix.ToString(), scope), RuleAnchor.ForTerm(id, prefix.Prefix, isPrefix: true));
                }

                case PhraseNode phrase:
                {
                    var ids = new int[phrase.Words.Count];
                    var longest = 0;
                    for (var i = 0; i < ids.Length; i++)
                    {
                        ids[i] = WordId(phrase.Words[i]);
                        if (phrase.Words[i].Length > phrase.Words[longest].Length)
                        {
                            longest = i;
                        }
                    }

                    return (new PhraseMatchNode(ids, phrase.Text, scope), RuleAnchor.ForTerm(ids[longest], phrase.Words[longest], isPrefix: false));
                }

                case RegexNode regex:
                    return (new RegexMatchNode(regex.Regex, regex.ToString(), scope), null);
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
            ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(Terms, word, out _);
            entry ??= new TermEntry();
            if (entry.WordId < 0)
            {
                entry.WordId = TermCount++;
            }

            return entry.WordId;
        }

        private int PrefixId(string prefix)
        {
            ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(_prefixIds, prefix, out var exists);
            if (exists)
            {
                return id;
            }

            id = TermCount++;
            var key = prefix[..RuleParser.MinPrefixLength];
            ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(Terms, key, out _);
            entry ??= new TermEntry();
            entry.AddPrefix(prefix, id);
            var hash = PrefixHash(prefix);
            PrefixFilter[hash >> 6] |= 1UL << (hash & 63);
            HasPrefixes = true;
            return id;
        }
    }
}
