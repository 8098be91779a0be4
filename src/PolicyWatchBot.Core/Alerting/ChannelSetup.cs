using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Core.Watchlists;

namespace PolicyWatchBot.Core.Alerting;

/// <summary>
/// One channel as polls see it: what it subscribes to (feed ids, <c>#tags</c>, <c>all</c>) and its keyword
/// rules (none: every item of its feeds).
/// </summary>
public sealed record ChannelSetup(long ChannelId, ChannelKey Key, IReadOnlyList<string> Subscriptions, IReadOnlyList<RuleDefinition> Rules)
{
    /// <summary>Live mode: more alerts than this from one poll become one grouped message (<c>flood N</c>).</summary>
    public int FloodThreshold { get; init; } = AlertDigest.FloodThreshold;

    /// <summary>In digest mode its non-urgent alerts are held for the channel's digest.</summary>
    public bool DigestMode { get; init; }

    /// <summary>The names the channel watches (<c>watch add</c>): a change or document naming one alerts it, urgent.</summary>
    public ChannelWatchlist Watchlist { get; init; } = ChannelWatchlist.Empty;
}
