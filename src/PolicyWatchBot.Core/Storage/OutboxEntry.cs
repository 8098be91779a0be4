using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Channels;

namespace PolicyWatchBot.Core.Storage;

/// <summary>An alert claimed from the outbox for delivery, with its lease.</summary>
public sealed record OutboxEntry(
    long Id,
    ChannelKey Channel,
    AlertMessage Message,
    int Attempts,
    string LeaseOwner,
    DateTimeOffset LeaseExpiresAt);
