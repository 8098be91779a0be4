using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Channels;

namespace PolicyWatchBot.Core.Storage;

/// <summary>
/// A post claimed from the outbox, with its lease: an alert or a digest to send, or one already
/// sent whose message must be updated (<see cref="PlatformMessageId"/> names it).
/// <see cref="QueuedAt"/> is when the post entered the outbox.
/// </summary>
public sealed record OutboxEntry(
    OutboxRef Ref,
    ChannelKey Channel,
    ChannelPost Post,
    int Attempts,
    string LeaseOwner,
    DateTimeOffset LeaseExpiresAt,
    string? PlatformMessageId = null,
    DateTimeOffset? QueuedAt = null)
{
    public long Id => Ref.Id;

    /// <summary>For an alert posted in a thread: the message it replies to.</summary>
    public ThreadParent? ReplyTo { get; init; }

    /// <summary>
    /// The post was still under an earlier claim whose lease ran out (its worker died or stalled
    /// before it finished): this claim took it over. A post given back or finished is not.
    /// </summary>
    public bool LeaseLapsed { get; init; }
}
