using PolicyWatchBot.Core.Digests;

namespace PolicyWatchBot.Core.Storage;

/// <summary>How a channel is told: its flood threshold, and in digest mode its schedule and when the next digest is due.</summary>
public sealed record ChannelSettings(int FloodThreshold, DigestSchedule? Digest, DateTimeOffset? NextDigestAt);
