using PolicyWatchBot.Core.Reminders;

namespace PolicyWatchBot.Core.Storage;

/// <summary>A reminder still to come in a channel: the alert it is about, its deadline, and when it goes out.</summary>
public sealed record ComingReminder(string AlertId, string Title, string? Link, Deadline Deadline, DateOnly DeadlineOn, int DaysBefore, DateTimeOffset DueAt);
