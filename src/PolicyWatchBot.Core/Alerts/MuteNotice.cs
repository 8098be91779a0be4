using PolicyWatchBot.Core.Audit;

namespace PolicyWatchBot.Core.Alerts;

/// <summary>
/// Shown on an alert after someone pressed its Mute rule or Mute feed button: what was muted
/// (<c>rule ai-chips</c>), by whom, and until when.
/// </summary>
public sealed record MuteNotice(string Muted, Actor By, DateTimeOffset At, DateTimeOffset Until);
