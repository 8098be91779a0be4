using PolicyWatchBot.Core.Alerts;

namespace PolicyWatchBot.Core.Mutes;

/// <summary>
/// Whether active mutes hold an alert back (COMMANDS.md): the channel is muted, or the alert's
/// feed is, or every rule that matched it is. An alert of a channel without rules matched no rule,
/// so only a feed or channel mute holds it.
/// </summary>
public static class MuteRules
{
    public static bool Holds(IReadOnlyCollection<Mute> active, AlertMessage alert)
    {
        if (active.Count == 0)
        {
            return false;
        }

        if (active.Any(m => m.Target.Scope == MuteScope.Channel))
        {
            return true;
        }

        if (active.Any(m => m.Target.Scope == MuteScope.Feed && string.Equals(m.Target.Name, alert.FeedId, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        var mutedRules = active.Where(m => m.Target.Scope == MuteScope.Rule).Select(m => m.Target.Name!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return alert.MatchedRules.Count > 0 && alert.MatchedRules.All(r => mutedRules.Contains(r.Name));
    }
}
