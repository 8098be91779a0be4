using PolicyWatchBot.Core.Digests;

namespace PolicyWatchBot.Core.Storage;

/// <summary>A channel whose digest is due: its schedule and the time it was due at.</summary>
public sealed record DueDigest(long ChannelId, DigestSchedule Schedule, DateTimeOffset DueAt);
