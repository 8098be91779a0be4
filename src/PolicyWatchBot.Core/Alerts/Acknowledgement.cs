using PolicyWatchBot.Core.Audit;

namespace PolicyWatchBot.Core.Alerts;

/// <summary>Who acknowledged an alert, when, and the note they left (if any).</summary>
public sealed record Acknowledgement(Actor By, DateTimeOffset At, string? Note);
