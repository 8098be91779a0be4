using System.Collections.Concurrent;
using PolicyWatchBot.Core.Rules;

namespace PolicyWatchBot.Feeds.Polling;

/// <summary>
/// Compiled rule sets, keyed by the rules' text, so a channel's rules are compiled once and reused
/// by every poll until they change.
/// </summary>
internal sealed class RuleSetCache
{
    private const int MaxEntries = 1024;
    private readonly ConcurrentDictionary<string, RuleSet> _compiled = new(StringComparer.Ordinal);

    public RuleSet Get(IReadOnlyList<RuleDefinition> rules)
    {
        var key = string.Join("\n", rules.Select(r => r.Name + "\u001f" + r.Expression));
        if (_compiled.TryGetValue(key, out var ruleSet))
        {
            return ruleSet;
        }

        if (_compiled.Count >= MaxEntries)
        {
            _compiled.Clear();
        }

        // Rules are validated when saved; one that a newer parser refuses must not stop the
        // channel's other rules (or the feed) from working, so it is left out here.
        return _compiled.GetOrAdd(key, _ => RuleSet.Compile(rules.Where(r => RuleParser.Parse(r.Expression).IsSuccess)));
    }
}
