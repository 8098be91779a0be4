using System.Numerics;
using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Core.Rules;

/// <summary>
/// Many rules compiled together. Matching tokenizes the item once, looks every token up in one term table
/// holding the words of all rules and their prefixes (<see cref="TermLookup"/>), and
/// evaluates only the rules one of whose anchor terms occurred (plus the few that can match without any
/// term, such as pure negations and regex-only rules), so rules whose terms do not occur cost nothing.
/// Hits are worked out only when a match's <see cref="RuleMatch.Hits"/> are read. Immutable and safe to
/// share between threads.
/// </summary>
public sealed class RuleSet
{
    private readonly RuleDefinition[] _rules;
    private readonly MatchProgram _program;
    private readonly RuleNode[] _expressions;
    private readonly TermLookup _terms;
    private readonly bool _hasPrefixes;
    private readonly bool[] _positional;
    private readonly int _termCount;
    private readonly int[] _alwaysEvaluated;

    private RuleSet(RuleDefinition[] rules, RuleNode[] expressions, MatchProgram program, RuleSetBuilder builder, int[] alwaysEvaluated)
    {
        _rules = rules;
        _expressions = expressions;
        _program = program;
        _terms = TermLookup.Create(builder.Words, builder.Prefixes);
        _hasPrefixes = _terms.HasPrefixes;
        _positional = builder.Positional(builder.TermCount);
        _termCount = builder.TermCount;
        _alwaysEvaluated = alwaysEvaluated;
    }

    public IReadOnlyList<RuleDefinition> Rules => _rules;

    public int Count => _rules.Length;

    /// <summary>Rules evaluated for every item because no term is required for them to match.</summary>
    internal int AlwaysEvaluatedCount => _alwaysEvaluated.Length;

    /// <exception cref="RuleCompileException">A rule does not parse; it names the rule and the column.</exception>
    public static RuleSet Compile(IEnumerable<RuleDefinition> rules) => Compile(rules, RegexLimits.MatchTimeout);

    /// <summary>Compiles with another regex match timeout (tests make one time out).</summary>
    internal static RuleSet Compile(IEnumerable<RuleDefinition> rules, TimeSpan regexMatchTimeout)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var definitions = rules.ToArray();
        var expressions = new RuleNode[definitions.Length];
        for (var i = 0; i < definitions.Length; i++)
        {
            var rule = definitions[i] ?? throw new ArgumentException("A rule is null.", nameof(rules));
            var parsed = RuleParser.Parse(rule.Expression, regexMatchTimeout);
            if (!parsed.IsSuccess)
            {
                throw new RuleCompileException(rule.Name, parsed.Error);
            }

            expressions[i] = parsed.Expression;
        }

        return Compile(definitions, expressions);
    }

    /// <summary>Compiles rules already parsed (<paramref name="expressions"/>[i] is the tree of <paramref name="definitions"/>[i]).</summary>
    internal static RuleSet Compile(RuleDefinition[] definitions, RuleNode[] expressions)
    {
        var builder = new RuleSetBuilder();
        var roots = new MatchNode[definitions.Length];
        var anchors = new RuleAnchor?[definitions.Length];
        for (var i = 0; i < definitions.Length; i++)
        {
            builder.Rule = i;
            (roots[i], anchors[i]) = builder.Compile(expressions[i], FieldScope.Text);
        }

        // Per term, the rules anchored on it and the fields in which it must occur for them to be candidates.
        var anchoredRules = new List<(int Rule, int Scope)>?[builder.TermCount];
        var always = new List<int>();
        for (var i = 0; i < definitions.Length; i++)
        {
            if (anchors[i] is not { } anchor)
            {
                always.Add(i);
                continue;
            }

            var scopes = new Dictionary<int, int>();
            for (var a = 0; a < anchor.TermIds.Count; a++)
            {
                scopes[anchor.TermIds[a]] = scopes.GetValueOrDefault(anchor.TermIds[a]) | anchor.Scopes[a];
            }

            foreach (var (term, scope) in scopes)
            {
                (anchoredRules[term] ??= []).Add((i, scope));
            }
        }

        var program = MatchProgram.Create(roots, [.. anchoredRules.Select(r => (IReadOnlyList<(int, int)>?)r ?? [])]);
        return new RuleSet(definitions, expressions, program, builder, [.. always]);
    }

    public IReadOnlyList<RuleMatch> Match(FeedItem item) => Match(ItemTokenizer.Tokenize(item), null);

    /// <inheritdoc cref="Match(TokenizedItem, ICollection{string})"/>
    public IReadOnlyList<RuleMatch> Match(FeedItem item, ICollection<string>? timedOut) => Match(ItemTokenizer.Tokenize(item), timedOut);

    /// <inheritdoc cref="Match(TokenizedItem, ICollection{string})"/>
    public IReadOnlyList<RuleMatch> Match(TokenizedItem item) => Match(item, null);

    /// <summary>
    /// The rules that match, in rule order. Each match's hits are worked out when first read. A rule whose
    /// regular expression ran past its timeout on this item does not match; its name is added to
    /// <paramref name="timedOut"/>, and the other rules are decided as usual.
    /// </summary>
    public IReadOnlyList<RuleMatch> Match(TokenizedItem item, ICollection<string>? timedOut)
    {
        var matched = new List<int>();
        var timedOutRules = timedOut is null ? null : new List<int>();
        MatchRules(item, matched, timedOutRules);
        foreach (var rule in timedOutRules ?? [])
        {
            timedOut!.Add(_rules[rule].Name);
        }

        return matched.Count == 0 ? [] : new RuleMatchList(this, item, [.. matched]);
    }

    /// <summary>
    /// Adds the indices of the rules that match to <paramref name="matched"/>, in rule order, and returns how
    /// many rules had to be evaluated (those anchored on a term that occurs, and those evaluated always).
    /// A rule whose regular expression timed out on the item is not matched; its index goes to <paramref name="timedOut"/>.
    /// </summary>
    internal int MatchRules(TokenizedItem item, List<int> matched, List<int>? timedOut = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        var context = MatchContext.Rent();
        try
        {
            context.Begin(item, _termCount, _rules.Length);
            LookUpTokens(context);
            DecideRules(context);
            foreach (var rule in context.TimedOutRules)
            {
                context.MatchedRules[rule >> 6] &= ~(1UL << rule);
                timedOut?.Add(rule);
            }

            var bits = context.MatchedRules;
            var words = (_rules.Length + 63) >> 6;
            for (var w = 0; w < words; w++)
            {
                for (var word = bits[w]; word != 0; word &= word - 1)
                {
                    matched.Add((w << 6) + BitOperations.TrailingZeroCount(word));
                }
            }

            return context.Decisions;
        }
        finally
        {
            context.End();
            MatchContext.Return(context);
        }
    }

    /// <summary>The match of a rule that matched <paramref name="item"/>, with hits worked out when first read.</summary>
    internal RuleMatch CreateMatch(int rule, TokenizedItem item) => new(_rules[rule].Name, new LazyTermHits(_expressions[rule], item));

    private void LookUpTokens(MatchContext context)
    {
        var terms = _terms;
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
                var word = terms.FindWord(token, hashes[p]);
                if (word < 0)
                {
                    tokenTerm[start + p] = -1;
                    if (_hasPrefixes && token.Length >= RuleParser.MinPrefixLength)
                    {
                        LookUpPrefixes(context, token, v, p, bit);
                    }

                    continue;
                }

                var wordId = terms.WordTerm(word);
                tokenTerm[start + p] = wordId;
                Note(context, wordId, v, p, bit);
                foreach (var prefixId in terms.WordPrefixes(word))
                {
                    Note(context, prefixId, v, p, bit);
                }
            }
        }
    }

    /// <summary>Notes a term that occurs; with its position only when a phrase or NEAR needs it.</summary>
    private void Note(MatchContext context, int term, int value, int position, int bit)
    {
        if (_positional[term])
        {
            context.Record(term, value, position, bit);
        }
        else
        {
            context.Touch(term, bit);
        }
    }

    /// <summary>Records each prefix that starts the token, extending the token's hash one character at a time.</summary>
    private void LookUpPrefixes(MatchContext context, string token, int value, int position, int bit)
    {
        var terms = _terms;
        var hash = TokenHash.Add(TokenHash.Add(TokenHash.Seed, token[0]), token[1]);
        for (var end = RuleParser.MinPrefixLength; end <= token.Length; end++)
        {
            hash = TokenHash.Add(hash, token[end - 1]);
            if (!terms.MayStartPrefix((int)hash))
            {
                return;
            }

            var prefixId = terms.FindPrefix(token.AsSpan(0, end), (int)hash);
            if (prefixId >= 0)
            {
                Note(context, prefixId, value, position, bit);
            }
        }
    }

    /// <summary>Decides the rules anchored on a term that occurred, and those evaluated always.</summary>
    private void DecideRules(MatchContext context)
    {
        for (var i = 0; i < context.TouchedCount; i++)
        {
            _program.DecideAnchoredRules(context.TouchedTerm(i), context);
        }

        foreach (var rule in _alwaysEvaluated)
        {
            _program.DecideRule(rule, context);
        }
    }

    /// <summary>Assigns term ids, fills the term dictionary and compiles expression trees into <see cref="MatchNode"/>s.</summary>
    private sealed class RuleSetBuilder
    {
        private readonly Dictionary<string, int> _words = new(StringComparer.Ordinal);

        /// <summary>The word term ids.</summary>
        public IReadOnlyDictionary<string, int> Words => _words;

        private readonly Dictionary<string, int> _prefixes = new(StringComparer.Ordinal);

        /// <summary>The prefix term ids, by prefix without its '*'.</summary>
        public IReadOnlyDictionary<string, int> Prefixes => _prefixes;

        private readonly HashSet<int> _positional = [];

        public int TermCount { get; private set; }

        /// <summary>The index of the rule being compiled, which its regular expressions report when they time out.</summary>
        public int Rule { get; set; }

        /// <summary>Per term id, whether a rule reads where the term occurs: the first word of a phrase, a word or prefix under NEAR.</summary>
        public bool[] Positional(int termCount)
        {
            var positional = new bool[termCount];
            foreach (var term in _positional)
            {
                positional[term] = true;
            }

            return positional;
        }


        public (MatchNode Node, RuleAnchor? Anchor) Compile(RuleNode node, int scope)
        {
            switch (node)
            {
                case WordNode word:
                {
                    var id = WordId(word.Word);
                    return (new TokenTermMatchNode(id, scope), RuleAnchor.ForTerm(id, word.Word, isPrefix: false, scope));
                }

                case PrefixNode prefix:
                {
                    var id = PrefixId(prefix.Prefix);
                    return (new TokenTermMatchNode(id, scope), RuleAnchor.ForTerm(id, prefix.Prefix, isPrefix: true, scope));
                }

                case PhraseNode phrase:
                {
                    var ids = new int[phrase.Words.Count];
                    for (var i = 0; i < ids.Length; i++)
                    {
                        ids[i] = WordId(phrase.Words[i]);
                    }

                    _positional.Add(ids[0]);
                    var anchor = RuleAnchor.PhraseAnchorIndex(phrase.Words);
                    return (new PhraseMatchNode(ids, scope), RuleAnchor.ForTerm(ids[anchor], phrase.Words[anchor], isPrefix: false, scope));
                }

                case RegexNode regex:
                    return (new RegexMatchNode(regex, scope, Rule), null);
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
            foreach (var leaf in leaves)
            {
                if (leaf is TokenTermMatchNode term)
                {
                    _positional.Add(term.TermId);
                }
            }

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
            if (!_words.TryGetValue(word, out var id))
            {
                id = TermCount++;
                _words.Add(word, id);
            }

            return id;
        }

        private int PrefixId(string prefix)
        {
            if (!_prefixes.TryGetValue(prefix, out var id))
            {
                id = TermCount++;
                _prefixes.Add(prefix, id);
            }

            return id;
        }
    }
}
