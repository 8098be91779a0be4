using PolicyWatchBot.Core.Alerts;

namespace PolicyWatchBot.Core.Mutes;

/// <summary>
/// Whether active mutes hold an alert back (docs/commands.md): the channel is muted, or the alert's
/// feed is, or every rule that matched it is. An alert of a channel without rules matched no rule,
/// so only a feed or channel mute holds it.
/// </summary>
public static class MuteRules
{
    public static bool Holds(IReadOnlyCollection<Mute> active, AlertMessage alert)
    {
        if (active.Any(m => m.Target.Scope != MuteScope.Rule && Covers(m, alert)))
        {
            return true;
        }

        var mutedRules = active.Where(m => m.Target.Scope == MuteScope.Rule).Select(m => m.Target.Name!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return alert.MatchedRules.Count > 0 && alert.MatchedRules.All(r => mutedRules.Contains(r.Name));
    }

    /// <summary>Whether the mute bears on the alert at all: the channel, its feed, or one of the rules that matched it.</summary>
    public static bool Covers(Mute mute, AlertMessage alert) => mute.Target.Scope switch
    {
        MuteScope.Channel => true,
        MuteScope.Feed => string.Equals(mute.Target.Name, alert.FeedId, StringComparison.OrdinalIgnoreCase),
        _ => alert.MatchedRules.Any(r => string.Equals(r.Name, mute.Target.Name, StringComparison.OrdinalIgnoreCase)),
    };
}
