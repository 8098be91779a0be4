using PolicyWatchBot.Core.Reminders;

namespace PolicyWatchBot.Core.Commands;

/// <summary>
/// <c>remind comments DAYS [--unacked]</c>, <c>remind effective DAYS [--unacked]</c> (DAYS: <c>14d,3d</c>,
/// each 0d to 90d, at most five), <c>remind comments off</c>, <c>remind effective off</c> and
/// <c>remind off</c> (both).
/// </summary>
internal static class RemindCommandParser
{
    private const string Verb = "remind";

    public static CommandParseResult Parse(CommandReader reader)
    {
        var kind = reader.NextWord();
        if (kind is null)
        {
            return CommandParser.Invalid(Verb, "'remind' needs comments, effective or off");
        }

        if (kind.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            return reader.NextWord() is { } extra
                ? CommandParser.Invalid(Verb, $"'remind off' takes nothing more (got '{CommandParser.Echo(extra)}')")
                : CommandParser.Success(new ChatCommand.Remind(null, RemindPlan.Off));
        }

        if (DeadlineNames.FromWord(kind) is not { } deadline)
        {
            return CommandParser.Invalid(Verb, $"'{CommandParser.Echo(kind)}' is not comments, effective or off");
        }

        var word = deadline.Word();
        var days = new List<int>();
        var unacked = false;
        var off = false;
        while (reader.NextWord() is { } typed)
        {
            if (typed.Equals(RemindPlan.UnackedFlag, StringComparison.OrdinalIgnoreCase))
            {
                unacked = true;
                continue;
            }

            if (typed.Equals("off", StringComparison.OrdinalIgnoreCase) && days.Count == 0 && !off)
            {
                off = true;
                continue;
            }

            foreach (var part in typed.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                if (off || RemindPlan.ParseDays(part) is not { } day)
                {
                    return CommandParser.Invalid(Verb, off
                        ? $"'remind {word} off' takes nothing more (got '{CommandParser.Echo(typed)}')"
                        : $"'{CommandParser.Echo(part)}' is not a number of days before the date; write it like 7d (0d to {RemindPlan.MaxDaysBefore}d), several as 14d,3d");
                }

                days.Add(day);
            }
        }

        if (off)
        {
            return unacked
                ? CommandParser.Invalid(Verb, $"'remind {word} off' takes no {RemindPlan.UnackedFlag}")
                : CommandParser.Success(new ChatCommand.Remind(deadline, RemindPlan.Off));
        }

        if (days.Count == 0)
        {
            return CommandParser.Invalid(Verb, $"'remind {word}' needs the days before the date, like 7d or 14d,3d, or off");
        }

        if (days.Distinct().Count() > RemindPlan.MaxReminders)
        {
            return CommandParser.Invalid(Verb, $"at most {RemindPlan.MaxReminders} reminders per date (got {days.Distinct().Count()})");
        }

        return CommandParser.Success(new ChatCommand.Remind(deadline, new RemindPlan(days, unacked)));
    }
}
