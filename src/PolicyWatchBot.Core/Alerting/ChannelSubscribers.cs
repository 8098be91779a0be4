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
    }

    public ChannelDirectory Directory { get; }

    public int Count => _indices.Length;

    /// <summary>The subscribed channels.</summary>
    public IEnumerable<ChannelSetup> Channels => _indices.Select(i => Directory.Channels[i]);

    /// <summary>The subscribed channels without rules (they get every item), by index, in order.</summary>
    internal int[] Ruleless { get; }

    internal bool Contains(int channelIndex) => _subscribed[channelIndex];
}
