using PolicyWatchBot.Core.Alerting;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Feeds.Polling;

/// <summary>
/// The current <see cref="ChannelDirectory"/>: every channel's subscriptions and rules compiled once,
/// and compiled again only when the store's setup version moves (a channel, subscription or rule changed,
/// here or on another instance). It holds one directory, never more.
/// </summary>
internal sealed class ChannelDirectoryCache(IStore store)
{
    private volatile ChannelDirectory? _current;

    public async Task<ChannelDirectory> GetAsync(CancellationToken cancellationToken)
    {
        var version = await store.GetSetupVersionAsync(cancellationToken);
        if (_current is { } current && current.Version == version)
        {
            return current;
        }

        // Two polls that see a change at once may both compile it; both get the same result.
        var (channels, readAt) = await store.GetChannelSetupsAsync(cancellationToken);
        var compiled = ChannelDirectory.Compile(channels, readAt, previous: _current);
        _current = compiled;
        return compiled;
    }
}
