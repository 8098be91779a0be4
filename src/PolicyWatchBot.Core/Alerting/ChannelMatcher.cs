using PolicyWatchBot.Core.Rules;

namespace PolicyWatchBot.Core.Alerting;

/// <summary>
/// Every channel's rules in one <see cref="RuleSet"/>: one term table over all of them, each distinct
/// expression compiled once and tagged with the channels (and rule names) that hold it. Matching an item
/// costs one lookup of its tokens whatever the number of channels; a channel whose terms do not occur
/// costs nothing. Rules the parser refuses (stored before a stricter parser) are left out, so they never
/// stop the channel's other rules.
/// </summary>
public sealed class ChannelMatcher
{
    private readonly RuleSet _rules;

    // The parsed tree of each distinct expression, by its text: a later compile reuses them, so a rule
    // change parses only the new expressions (building a regex is the costly part of compiling).
    private readonly Dictionary<string, RuleNode> _parsed;

    // The owners of distinct expression e: _owners[_ownerStart[e]] to before _ownerStart[e + 1], as
    // (channel index, the rule's position among the channel's rules).
    private readonly int[] _ownerStart;
    private readonly (int Channel, int Rule)[] _owners;
    private readonly ChannelSetup[] _channels;

    /// <param name="previous">The matcher this one replaces, whose parsed expressions are reused; null for none.</param>
    internal ChannelMatcher(ChannelSetup[] channels, ChannelMatcher? previous)
    {
        _channels = channels;
        _parsed = new Dictionary<string, RuleNode>(StringComparer.Ordinal);
        var expressions = new List<RuleNode>();
        var texts = new List<string>();
        var owners = new List<List<(int, int)>>();
        var indices = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = 0; c < channels.Length; c++)
        {
            var rules = channels[c].Rules;
            for (var r = 0; r < rules.Count; r++)
            {
                var expression = rules[r].Expression;
                if (!indices.TryGetValue(expression, out var index))
                {
                    if (Parse(expression, previous) is not { } parsed)
                    {
                        RefusedCount++;
                        continue;
                    }

                    index = expressions.Count;
                    indices.Add(expression, index);
                    _parsed.Add(expression, parsed);
                    expressions.Add(parsed);
                    texts.Add(expression);
                    owners.Add([]);
                }

                owners[index].Add((c, r));
            }
        }

        _rules = RuleSet.Compile([.. texts.Select((text, e) => new RuleDefinition("#" + e, text))], [.. expressions]);
        _ownerStart = new int[owners.Count + 1];
        var flat = new List<(int, int)>();
        for (var e = 0; e < owners.Count; e++)
        {
            _ownerStart[e] = flat.Count;
            flat.AddRange(owners[e]);
        }

        _ownerStart[^1] = flat.Count;
        _owners = [.. flat];
    }

    /// <summary>The expression's tree, from the previous matcher when it held the expression; null when the parser refuses it.</summary>
    private RuleNode? Parse(string expression, ChannelMatcher? previous)
    {
        if (previous is not null && previous._parsed.TryGetValue(expression, out var parsed))
        {
            return parsed;
        }

        ParsedCount++;
        return RuleParser.ParseStored(expression) is { IsSuccess: true } result ? result.Expression : null;
    }

    /// <summary>Distinct expressions compiled (a rule held by several channels counts once).</summary>
    public int ExpressionCount => _rules.Count;

    /// <summary>Distinct expressions this compile parsed; the others were taken from the matcher it replaced.</summary>
    public int ParsedCount { get; private set; }

    /// <summary>Stored rules left out because the parser refuses them.</summary>
    public int RefusedCount { get; private set; }

    /// <summary>
    /// The subscribed channels that get the item, in channel order: a channel without rules gets every
    /// item (with no rule named), any other only when one of its rules matches (those rules, in its order).
    /// </summary>
    /// <param name="timedOut">Gets the subscribed channels' rules whose regular expression timed out on the item (not matched).</param>
    /// <returns>How many rule evaluations matching took, for the poll's statistics.</returns>
    public int Match(TokenizedItem item, ChannelSubscribers subscribers, List<ChannelMatch> matches, List<RuleTimeout>? timedOut = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(subscribers);
        ArgumentNullException.ThrowIfNull(matches);
        var matched = new List<int>();
        var timedOutExpressions = new List<int>();
        var evaluations = _rules.Count == 0 ? 0 : _rules.MatchRules(item, matched, timedOutExpressions);
        foreach (var expression in timedOutExpressions)
        {
            for (var o = _ownerStart[expression]; o < _ownerStart[expression + 1]; o++)
            {
                var (channel, rule) = _owners[o];
                if (subscribers.Contains(channel))
                {
                    timedOut?.Add(new RuleTimeout(item.Item.Key, _channels[channel].ChannelId, _channels[channel].Rules[rule].Name));
                }
            }
        }

        // (channel, rule position, expression) for every owner subscribed to the feed.
        var hits = new List<(int Channel, int Rule, int Expression)>();
        foreach (var expression in matched)
        {
            for (var o = _ownerStart[expression]; o < _ownerStart[expression + 1]; o++)
            {
                var (channel, rule) = _owners[o];
                if (subscribers.Contains(channel))
                {
                    hits.Add((channel, rule, expression));
                }
            }
        }

        // Channels with hits and channels without rules (they get every item), merged in channel order;
        // a subscribed channel whose rules miss is never visited.
        hits.Sort();
        var shared = new Dictionary<int, RuleMatch>();
        var ruleless = subscribers.Ruleless;
        int next = 0, free = 0;
        while (next < hits.Count || free < ruleless.Length)
        {
            if (free < ruleless.Length && (next == hits.Count || ruleless[free] < hits[next].Channel))
            {
                matches.Add(new ChannelMatch(_channels[ruleless[free++]], []));
                continue;
            }

            var channel = hits[next].Channel;
            var setup = _channels[channel];
            var rules = new List<RuleMatch>();
            for (; next < hits.Count && hits[next].Channel == channel; next++)
            {
                var (_, rule, expression) = hits[next];
                if (!shared.TryGetValue(expression, out var match))
                {
                    shared[expression] = match = _rules.CreateMatch(expression, item);
                }

                rules.Add(new RuleMatch(setup.Rules[rule].Name, match.Hits));
            }

            matches.Add(new ChannelMatch(setup, rules));
        }

        return evaluations;
    }
}
