using System.Diagnostics.CodeAnalysis;
using PolicyWatchBot.Core.Alerts;

namespace PolicyWatchBot.Core.Commands;

/// <summary>
/// The custom id of an alert button (Slack <c>action_id</c>/<c>value</c>, Discord <c>custom_id</c>):
/// <c>pw:ack:PW-3F9K</c>, <c>pw:mute-rule:PW-3F9K</c>, <c>pw:mute-feed:PW-3F9K</c>,
/// <c>pw:ack-all:PWG-7QX2</c>. Always shorter than Discord's 100-character limit. Pressing a
/// button runs the same command as typing it.
/// </summary>
public static class ButtonPayload
{
    /// <summary>Discord refuses a custom id of 100 characters or more.</summary>
    public const int MaxLength = 99;

    private const string Prefix = "pw";
    private const char Separator = ':';

    public static string Format(AlertAction action, string postId)
    {
        ArgumentNullException.ThrowIfNull(postId);
        var payload = string.Join(Separator, Prefix, Token(action), postId);
        if (!IsPostIdOf(action, postId) || payload.Length > MaxLength)
        {
            throw new ArgumentException($"'{postId}' is not a normalized {(action == AlertAction.AcknowledgeAll ? "digest" : "alert")} id for a button", nameof(postId));
        }

        return payload;
    }

    /// <summary>The command a button stands for; false for anything we did not format.</summary>
    public static bool TryParse(string? customId, [NotNullWhen(true)] out ChatCommand? command)
    {
        command = null;
        if (customId is null || customId.Length > MaxLength)
        {
            return false;
        }

        var parts = customId.Split(Separator);
        if (parts.Length != 3 || parts[0] != Prefix || Action(parts[1]) is not { } action || !IsPostIdOf(action, parts[2]))
        {
            return false;
        }

        var id = parts[2];
        command = action switch
        {
            AlertAction.Acknowledge or AlertAction.AcknowledgeAll => new ChatCommand.Ack(id, null),
            AlertAction.MuteRule => new ChatCommand.MuteAlertRules(id, ChatCommand.Mute.DefaultDuration),
            AlertAction.MuteFeed => new ChatCommand.MuteAlertFeed(id, ChatCommand.Mute.DefaultDuration),
            _ => null,
        };
        return command is not null;
    }

    private static string Token(AlertAction action) => action switch
    {
        AlertAction.Acknowledge => "ack",
        AlertAction.MuteRule => "mute-rule",
        AlertAction.MuteFeed => "mute-feed",
        AlertAction.AcknowledgeAll => "ack-all",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "not an alert action"),
    };

    private static AlertAction? Action(string token) => token switch
    {
        "ack" => AlertAction.Acknowledge,
        "mute-rule" => AlertAction.MuteRule,
        "mute-feed" => AlertAction.MuteFeed,
        "ack-all" => AlertAction.AcknowledgeAll,
        _ => null,
    };

    /// <summary>Exactly a normalized id of the right kind: a digest id for Acknowledge all, an alert id otherwise.</summary>
    private static bool IsPostIdOf(AlertAction action, string id) =>
        AlertId.Normalize(id) == id && AlertId.IsDigestId(id) == (action == AlertAction.AcknowledgeAll);
}
