using PolicyWatchBot.Core.Alerts;

namespace PolicyWatchBot.Core.Alerting;

/// <summary>One message grouping a channel's alerts of this poll (flood control), with its id from <paramref name="Sequence"/>; its alerts are delivered through it.</summary>
public sealed record PlannedDigest(long ChannelId, long Sequence, AlertDigest Digest);
