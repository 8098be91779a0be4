using PolicyWatchBot.Core.Channels;

namespace PolicyWatchBot.Audit;

/// <summary>A channel known to the database, for <c>audit export --channel</c>.</summary>
internal sealed record AuditChannel(long Id, ChannelKey Key, string DisplayName)
{
    public override string ToString() => DisplayName == Key.Channel ? Key.ToString() : $"{Key} ({DisplayName})";
}
