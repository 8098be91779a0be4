using PolicyWatchBot.Core.Alerts;

namespace PolicyWatchBot.Core.Storage;

/// <summary>
/// A stored alert as commands see it: its message (with the acknowledgement, if any), where it
/// stands in the outbox, and the digest it was posted in, if it was.
/// </summary>
public sealed record AlertRecord(
    long Id,
    long ChannelId,
    AlertMessage Message,
    AlertStatus Status,
    DateTimeOffset CreatedAt,
    string? DigestId,
    string? LastError);
