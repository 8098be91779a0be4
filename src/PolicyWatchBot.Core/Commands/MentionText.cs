using System.Text.RegularExpressions;
using PolicyWatchBot.Core.Alerts;

namespace PolicyWatchBot.Core.Commands;

/// <summary>
/// Reads the mention a manager gives <c>rule notify</c>, for the platform of the channel: on Slack a
/// user group or user as Slack writes them (<c>&lt;!subteam^S0123|@legal&gt;</c>, <c>&lt;@U0123&gt;</c>) or
/// a bare id (<c>S0123</c>, <c>U0123</c>); on Discord a role or user mention (<c>&lt;@&amp;123…&gt;</c>,
/// <c>&lt;@123…&gt;</c>); on the console a <c>@name</c>. Channel-wide pings (<c>@here</c>, <c>@channel</c>,
/// <c>@everyone</c>) are refused: a rule pings the people it names, not everyone.
/// </summary>
public static partial class MentionText
{
    public static (Mention? Mention, string? Error) Parse(string platform, string typed)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var text = typed.Trim();
        if (EveryoneWords().IsMatch(text))
        {
            return (null, $"'{CommandParser.Echo(text)}' would ping the whole channel; name a user group or a user");
        }

        var match = platform switch
        {
            "slack" => SlackGroup().Match(text) is { Success: true } g ? new Mention(MentionKind.Group, g.Groups["id"].Value)
                : SlackUser().Match(text) is { Success: true } u ? new Mention(MentionKind.User, u.Groups["id"].Value)
                : null,
            "discord" => DiscordRole().Match(text) is { Success: true } r ? new Mention(MentionKind.Group, r.Groups["id"].Value)
                : DiscordUser().Match(text) is { Success: true } u ? new Mention(MentionKind.User, u.Groups["id"].Value)
                : null,
            _ => ConsoleName().Match(text) is { Success: true } n ? new Mention(MentionKind.User, n.Groups["id"].Value) : null,
        };
        return match is not null ? (match, null) : (null, platform switch
        {
            "slack" => $"'{CommandParser.Echo(text)}' is not a Slack user group or user; pick one from Slack's @ list, or give its id (S…, U… or W…)",
            "discord" => $"'{CommandParser.Echo(text)}' is not a Discord role or user; pick one from Discord's @ list",
            _ => $"'{CommandParser.Echo(text)}' is not a name; write @name",
        });
    }

    /// <summary>How replies and <c>rules</c> show a stored mention (as text that pings nobody).</summary>
    public static string Describe(Mention mention)
    {
        ArgumentNullException.ThrowIfNull(mention);
        return mention.Kind == MentionKind.Group ? $"group {mention.Id}" : $"user {mention.Id}";
    }

    [GeneratedRegex(@"^(?:@|<!)?(?:here|channel|everyone)>?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EveryoneWords();

    [GeneratedRegex(@"^(?:<!subteam\^(?<id>S[A-Z0-9]{2,20})(?:\|[^>]*)?>|(?<id>S[A-Z0-9]{2,20}))$", RegexOptions.CultureInvariant)]
    private static partial Regex SlackGroup();

    [GeneratedRegex(@"^(?:<@(?<id>[UW][A-Z0-9]{2,20})(?:\|[^>]*)?>|(?<id>[UW][A-Z0-9]{2,20}))$", RegexOptions.CultureInvariant)]
    private static partial Regex SlackUser();

    [GeneratedRegex(@"^<@&(?<id>[0-9]{15,21})>$", RegexOptions.CultureInvariant)]
    private static partial Regex DiscordRole();

    [GeneratedRegex(@"^<@!?(?<id>[0-9]{15,21})>$", RegexOptions.CultureInvariant)]
    private static partial Regex DiscordUser();

    [GeneratedRegex(@"^@(?<id>[A-Za-z0-9._-]{1,40})$", RegexOptions.CultureInvariant)]
    private static partial Regex ConsoleName();
}
