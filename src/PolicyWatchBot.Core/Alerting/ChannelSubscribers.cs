using PolicyWatchBot.Core.Screening.Matching;

namespace PolicyWatchBot.Core.Alerting;

/// <summary>The channels of a <see cref="ChannelDirectory"/> subscribed to one feed, by index, in channel id order.</summary>
public sealed class ChannelSubscribers
{
    private readonly bool[] _subscribed;
    private readonly int[] _indices;

    internal ChannelSubscribers(ChannelDirectory directory, bool[] subscribed, int[] indices)
    {
        Directory = directory;
        _subscribed = subscribed;
        _indices = indices;
        Ruleless = [.. indices.Where(i => directory.Channels[i].Rules.Count == 0)];
        Watching = [.. indices.Where(i => directory.WatchlistOf(i) is not null).Select(i => (directory.Channels[i], directory.WatchlistOf(i)!))];
    }

    public ChannelDirectory Directory { get; }

    public int Count => _indices.Length;

    /// <summary>The subscribed channels.</summary>
    public IEnumerable<ChannelSetup> Channels => _indices.Select(i => Directory.Channels[i]);

    /// <summary>The subscribed channels without rules (they get every item), by index, in order.</summary>
    internal int[] Ruleless { get; }

    /// <summary>The subscribed channels that watch names, with their watchlists ready to match, in order.</summary>
    internal IReadOnlyList<(ChannelSetup Channel, Watchlist Watchlist)> Watching { get; }

    internal bool Contains(int channelIndex) => _subscribed[channelIndex];
}
