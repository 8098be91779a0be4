using System.Globalization;
using PolicyWatchBot.Core.Reminders;
using PolicyWatchBot.Core.Threads;

namespace PolicyWatchBot.Core.Alerts;

/// <summary>
/// A reminder of an action's deadline, posted in the action's thread: "Reminder: comments close
/// 2024-03-11 (in 7 days)". Stored as the outbox payload when it falls due; <see cref="AsOf"/> is
/// filled in when it is sent, so "in N days" counts calendar days in the source's zone then.
/// </summary>
public sealed record ReminderMessage : ChannelPost
{
    public const string IdPrefix = "PWR-";

    public override string PostId => ReminderId;

    public required string ReminderId { get; init; }

    /// <summary>The alert whose deadline it is.</summary>
    public required string AlertId { get; init; }

    public required string ItemKey { get; init; }
    public required string FeedId { get; init; }
    public required string Title { get; init; }
    public string? Link { get; init; }
    public required Deadline Deadline { get; init; }
    public required DateOnly DeadlineOn { get; init; }
    public required int DaysBefore { get; init; }

    /// <summary>The source's IANA zone, where the deadline is a calendar date.</summary>
    public string Zone { get; init; } = SourceCalendar.FederalRegisterZone;

    /// <summary>Today in <see cref="Zone"/> when the message was rendered; null leaves out "in N days".</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>The same reminder, dated for a message rendered at <paramref name="now"/>.</summary>
    public ReminderMessage At(DateTimeOffset now) => this with { AsOf = SourceCalendar.Today(Zone, now) };

    /// <summary>"Reminder: comments close 2024-03-11 (in 7 days)".</summary>
    public string Headline()
    {
        var day = DeadlineOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var until = AsOf is { } today ? (DeadlineOn.DayNumber - today.DayNumber) switch
        {
            < 0 => " (passed)",
            0 => " (today)",
            1 => " (tomorrow)",
            var n => string.Create(CultureInfo.InvariantCulture, $" (in {n} days)"),
        } : "";
        return $"Reminder: {Deadline.Label()} {day}{until}";
    }
}
