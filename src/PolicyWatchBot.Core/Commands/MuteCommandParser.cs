using PolicyWatchBot.Core.Mutes;

namespace PolicyWatchBot.Core.Commands;

/// <summary><c>mute rule NAME|feed FEED|channel [DURATION]</c> and <c>unmute rule NAME|feed FEED|channel</c>.</summary>
internal static class MuteCommandParser
{
    private const string Forms = "use weeks, days, hours or minutes, like 90m, 8h, 1d12h or 2w (largest unit first), up to 90d";

    private static readonly string[] Scopes = ["rule", "feed", "channel"];

    public static CommandParseResult ParseMute(CommandReader reader) => WithTarget(reader, "mute", target =>
    {
        var duration = ChatCommand.Mute.DefaultDuration;
        if (reader.NextWord() is { } typed && DurationProblem(typed, out duration) is { } problem)
        {
            return CommandParser.Invalid("mute", problem);
        }

        return reader.NextWord() is { } extra
            ? CommandParser.Invalid("mute", $"unexpected '{CommandParser.Echo(extra)}' after the duration")
            : CommandParser.Success(new ChatCommand.Mute(target, duration));
    });

    public static CommandParseResult ParseUnmute(CommandReader reader) => WithTarget(reader, "unmute", target =>
        reader.NextWord() is { } extra
            ? CommandParser.Invalid("unmute", $"unexpected '{CommandParser.Echo(extra)}' after 'unmute {target}'")
            : CommandParser.Success(new ChatCommand.Unmute(target)));

    /// <summary>Reads <c>rule NAME</c>, <c>feed FEED</c> or <c>channel</c>, then parses the rest with <paramref name="next"/>.</summary>
    private static CommandParseResult WithTarget(CommandReader reader, string verb, Func<MuteTarget, CommandParseResult> next)
    {
        var scope = reader.NextWord();
        if (scope is null)
        {
            return CommandParser.Invalid(verb, $"'{verb}' needs what to {verb}: rule NAME, feed FEED or channel");
        }

        switch (scope.ToLowerInvariant())
        {
            case "rule":
                if (reader.NextName() is not { } typed)
                {
                    return CommandParser.Invalid(verb, $"'{verb} rule' needs a rule name");
                }

                var name = RuleName.Validate(typed);
                return name.IsValid ? next(MuteTarget.Rule(name.Name)) : CommandParser.Invalid(verb, name.Error);
            case "feed":
                return reader.NextWord()?.Trim(',') is { Length: > 0 } feed
                    ? next(MuteTarget.Feed(feed.ToLowerInvariant()))
                    : CommandParser.Invalid(verb, $"'{verb} feed' needs a feed id");
            case "channel":
                return next(MuteTarget.Channel);
            default:
                var meant = ClosestMatch.Find(scope, Scopes);
                return CommandParser.Invalid(verb, $"'{CommandParser.Echo(scope)}' is not rule, feed or channel"
                    + (meant is null ? "" : $"; did you mean '{verb} {meant}'?"));
        }
    }

    /// <summary>Why a typed mute length is refused (null when it is fine): DurationText's forms, more than zero, at most 90 days.</summary>
    private static string? DurationProblem(string typed, out TimeSpan duration)
    {
        var echo = CommandParser.Echo(typed);
        var reading = DurationText.Read(typed, out duration);
        if (reading == DurationReading.NotADuration)
        {
            return $"'{echo}' is not a duration; {Forms}";
        }

        if (reading == DurationReading.Duration && duration == TimeSpan.Zero)
        {
            return $"'{echo}' is too short; {Forms}";
        }

        if (reading == DurationReading.TooLong || duration > CommandParser.MaxMuteDuration)
        {
            duration = default;
            return $"'{echo}' is too long; the longest mute is 90d";
        }

        return null;
    }
}
