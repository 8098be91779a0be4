using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Core.Alerting;

/// <summary>
/// What <c>rule test</c> counts, item by item as they stream from the store: each item tokenized and
/// matched once by the same compiled matcher as a poll, keeping only the counts and the newest matches,
/// so memory does not grow with the history.
/// </summary>
public sealed class BacktestTally
{
    private readonly RuleSet _rule;
    private readonly int _shown;
    private readonly List<(BacktestItem Item, TokenizedItem Tokens, int Rule)> _newest = [];
    private readonly List<int> _matched = [];
    private readonly List<int> _timedOut = [];

    /// <param name="expression">The expression tested (it parses: the command checked it).</param>
    /// <param name="shown">How many of the newest matches to keep.</param>
    public BacktestTally(string expression, int shown)
    {
        _rule = RuleSet.Compile([new RuleDefinition("test", expression)]);
        _shown = shown;
        SearchesBodies = RuleParser.Parse(expression).Expression is { } parsed && RuleFieldUse.Names(parsed, RuleField.Body);
    }

    /// <summary>The expression searches <c>body:</c>, so the items it is tested on need their stored full texts.</summary>
    public bool SearchesBodies { get; }

    public int Items { get; private set; }

    public int Matches { get; private set; }

    /// <summary>Items on which the expression's regular expression ran past its time limit (counted as not matched).</summary>
    public int TimedOut { get; private set; }

    public void Add(BacktestItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        Items++;
        _matched.Clear();
        _timedOut.Clear();
        var tokens = ItemTokenizer.Tokenize(item.Item);
        _rule.MatchRules(tokens, _matched, _timedOut);
        if (_timedOut.Count > 0)
        {
            TimedOut++;
        }

        if (_matched.Count == 0 || _shown == 0 && ++Matches > 0)
        {
            return;
        }

        Matches++;
        if (_newest.Count == _shown && IsNewer(_newest[^1].Item, item))
        {
            return;
        }

        var at = _newest.FindIndex(n => IsNewer(item, n.Item));
        _newest.Insert(at < 0 ? _newest.Count : at, (item, tokens, _matched[0]));
        if (_newest.Count > _shown)
        {
            _newest.RemoveAt(_newest.Count - 1);
        }
    }

    /// <summary>The newest matches, newest date first (then by item key), each with the terms as the item spells them.</summary>
    public IReadOnlyList<BacktestMatch> Newest() =>
        [.. _newest.Select(n => new BacktestMatch(n.Item.Item, n.Item.Date, MatchedTerms.Of(_rule.CreateMatch(n.Rule, n.Tokens), n.Tokens).Terms))];

    private static bool IsNewer(BacktestItem a, BacktestItem b) =>
        a.Date > b.Date || (a.Date == b.Date && string.CompareOrdinal(a.Item.Key.Value, b.Item.Key.Value) < 0);
}
