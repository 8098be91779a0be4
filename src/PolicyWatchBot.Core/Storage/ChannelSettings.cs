using PolicyWatchBot.Core.Digests;
using PolicyWatchBot.Core.Reminders;

namespace PolicyWatchBot.Core.Storage;

/// <summary>How a channel is told: its flood threshold, in digest mode its schedule and when the next digest is due, and its reminders.</summary>
public sealed record ChannelSettings(int FloodThreshold, DigestSchedule? Digest, DateTimeOffset? NextDigestAt)
{
    public RemindSettings Remind { get; init; } = RemindSettings.Default;
}
