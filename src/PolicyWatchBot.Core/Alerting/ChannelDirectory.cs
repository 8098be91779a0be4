using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Screening.Matching;

namespace PolicyWatchBot.Core.Alerting;

/// <summary>
/// Every channel with its subscriptions and its rules compiled into one <see cref="ChannelMatcher"/>.
/// Compiled when channels, subscriptions or rules change (<see cref="Version"/> is the store's setup
/// version it was read at), and shared by every poll until then. Immutable and safe to share between threads.
/// </summary>
public sealed class ChannelDirectory
{
    private readonly ChannelSetup[] _channels;
    private readonly Dictionary<string, int[]> _byTarget;
    private readonly Watchlist?[] _watchlists;

    private ChannelDirectory(ChannelSetup[] channels, long version, ChannelDirectory? previous)
    {
        _channels = channels;
        Version = version;
        Matcher = new ChannelMatcher(channels, previous?.Matcher);
        _watchlists = [.. channels.Select(c => WatchlistScreen.Compile(c.Watchlist))];
        _byTarget = channels
            .SelectMany((channel, index) => channel.Subscriptions.Select(target => (Target: target, Index: index)))
            .GroupBy(s => s.Target, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(s => s.Index).Distinct().ToArray(), StringComparer.Ordinal);
    }

    public static ChannelDirectory Empty { get; } = new([], 0, null);

    /// <summary>The store's setup version the channels were read at.</summary>
    public long Version { get; }

    /// <summary>The channels, ordered by id; a channel's index here is its index in the matcher.</summary>
    public IReadOnlyList<ChannelSetup> Channels => _channels;

    public ChannelMatcher Matcher { get; }

    /// <summary>The channel's watchlist ready to match (by its index in <see cref="Channels"/>), or null when it watches no names.</summary>
    internal Watchlist? WatchlistOf(int channelIndex) => _watchlists[channelIndex];

    /// <param name="previous">
    /// The directory this one replaces: the rules they share are not parsed again. Nothing of it is
    /// kept beyond what the new channels still hold.
    /// </param>
    public static ChannelDirectory Compile(IEnumerable<ChannelSetup> channels, long version, ChannelDirectory? previous = null)
    {
        ArgumentNullException.ThrowIfNull(channels);
        return new([.. channels.OrderBy(c => c.ChannelId)], version, previous);
    }

    /// <summary>The channels subscribed to the feed directly, by one of its tags, or through <c>all</c>, each once.</summary>
    public ChannelSubscribers SubscribersOf(FeedDefinition feed)
    {
        ArgumentNullException.ThrowIfNull(feed);
        var subscribed = new bool[_channels.Length];
        var count = 0;
        foreach (var target in feed.Tags.Select(t => "#" + t).Prepend("all").Prepend(feed.Id.Value))
        {
            if (_byTarget.TryGetValue(target, out var indices))
            {
                foreach (var index in indices)
                {
                    if (!subscribed[index])
                    {
                        subscribed[index] = true;
                        count++;
                    }
                }
            }
        }

        var ordered = new int[count];
        for (int i = 0, n = 0; i < subscribed.Length; i++)
        {
            if (subscribed[i])
            {
                ordered[n++] = i;
            }
        }

        return new ChannelSubscribers(this, subscribed, ordered);
    }
}
