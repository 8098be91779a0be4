using PolicyWatchBot.Core.Audit;

namespace PolicyWatchBot.Core.Mutes;

/// <summary>An active mute of a channel: what it silences, until when, and who set it.</summary>
public sealed record Mute(long Id, MuteTarget Target, DateTimeOffset Until, DateTimeOffset CreatedAt, Actor CreatedBy);
