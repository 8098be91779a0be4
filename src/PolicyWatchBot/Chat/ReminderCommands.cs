using System.Globalization;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Reminders;
using PolicyWatchBot.Core.Replies;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Delivery;

namespace PolicyWatchBot.Chat;

/// <summary><c>remind ...</c> (when the channel is reminded of comment-close and effective dates) and <c>reminders</c> (the coming ones).</summary>
internal sealed class ReminderCommands(IStore store, TimedPostsSignal timedPosts)
{
    private const int Listed = 20;

    public async Task<ChatReply> RemindAsync(CommandContext context, ChatCommand.Remind command, CancellationToken cancellationToken)
    {
        var changed = new List<(Deadline Deadline, RemindPlan Before)>();
        foreach (var deadline in command.Deadline is { } one ? [one] : (Deadline[])[Deadline.CommentsClose, Deadline.Effective])
        {
            var before = await store.SetRemindPlanAsync(context.ChannelId, deadline, command.Plan, context.Actor, cancellationToken);
            if (before != command.Plan)
            {
                changed.Add((deadline, before));
            }
        }

        if (changed.Count == 0)
        {
            return ChatReply.Ephemeral(ReplyLine.Of(command.Deadline is { } deadline
                ? $"Reminders of {What(deadline)} here are already {command.Plan.Describe()}; nothing changed."
                : "Reminders are already off here; nothing changed."));
        }

        timedPosts.Notify();
        var lines = changed.Select(c => ReplyLine.Of(context.Who,
            $" set reminders of {What(c.Deadline)} to {command.Plan.Describe()} (they were {c.Before.Describe()}); coming deadlines follow the new plan.")).ToList();
        lines.Add(ReplyLine.Of(new Inline.Code("reminders"), " lists the coming ones."));
        return ChatReply.Announcement([.. lines]);
    }

    public async Task<ChatReply> RemindersAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var settings = (await store.GetChannelSettingsAsync(context.ChannelId, cancellationToken)).Remind;
        var coming = await store.GetComingRemindersAsync(context.ChannelId, cancellationToken);
        var lines = new List<ReplyLine> { ReplyLine.Of(Plans(settings)) };
        if (coming.Count == 0)
        {
            lines.Add(ReplyLine.Of("No reminder is coming: no alert here has a comment-close or effective date still ahead."));
            return ChatReply.Ephemeral([.. lines]);
        }

        lines.Add(ReplyLine.Of($"{ReplyText.Count(coming.Count, "reminder")} coming:"));
        lines.AddRange(coming.Take(Listed).Select(Line));
        if (coming.Count > Listed)
        {
            lines.Add(ReplyLine.Of($"…and {coming.Count - Listed} more."));
        }

        return ChatReply.Ephemeral([.. lines]);
    }

    /// <summary>The channel's next reminders, for <c>status</c>.</summary>
    public async Task<IReadOnlyList<ReplyLine>> StatusLinesAsync(long channelId, int max, CancellationToken cancellationToken)
    {
        var coming = await store.GetComingRemindersAsync(channelId, cancellationToken);
        if (coming.Count == 0)
        {
            return [ReplyLine.Of("Next reminders here: none coming.")];
        }

        return [ReplyLine.Of($"Next reminders here ({coming.Count} coming):"), .. coming.Take(max).Select(Line)];
    }

    /// <summary>"Reminders here: comments close 7 days and 1 day before; takes effect 1 day before."</summary>
    public static string Plans(RemindSettings settings) =>
        $"Reminders here: comments close {settings.Comments.Describe()}; takes effect {settings.Effective.Describe()}.";

    private static ReplyLine Line(ComingReminder reminder) => ReplyLine.Bullet(
        $"{ReplyText.When(reminder.DueAt)}: {reminder.Deadline.Label()} {reminder.DeadlineOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} ({DaysBefore(reminder.DaysBefore)}) · ",
        new Inline.Code(reminder.AlertId), " ",
        reminder.Link is { } link ? new Inline.Link(reminder.Title, link) : new Inline.Plain(reminder.Title));

    private static string DaysBefore(int days) => days switch
    {
        0 => "on the day",
        1 => "1 day before",
        _ => string.Create(CultureInfo.InvariantCulture, $"{days} days before"),
    };

    private static string What(Deadline deadline) => deadline == Deadline.CommentsClose ? "comment-close dates" : "effective dates";
}
