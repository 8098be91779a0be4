using System.Text.Json.Serialization;

namespace PolicyWatchBot.Chat.Slack;

// Block Kit as sent on the wire (https://docs.slack.dev/reference/block-kit/blocks); only the
// blocks and elements the adapter uses. Limits are in SlackLimits.

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(SectionBlock), "section")]
[JsonDerivedType(typeof(ContextBlock), "context")]
[JsonDerivedType(typeof(ActionsBlock), "actions")]
internal abstract record SlackBlock;

internal sealed record SectionBlock(SlackTextObject Text) : SlackBlock;

internal sealed record ContextBlock(IReadOnlyList<SlackTextObject> Elements) : SlackBlock;

internal sealed record ActionsBlock(IReadOnlyList<SlackButton> Elements) : SlackBlock;

/// <summary>
/// A text object. mrkdwn we build is always <c>verbatim</c>: Slack then auto-links nothing, and only
/// the <c>&lt;…&gt;</c> we wrote ourselves (untrusted text is escaped) is special.
/// </summary>
internal sealed record SlackTextObject(string Type, string Text, bool? Verbatim = null, bool? Emoji = null)
{
    public static SlackTextObject Plain(string text) => new("plain_text", text, Emoji: false);

    public static SlackTextObject Mrkdwn(string text) => new("mrkdwn", text, Verbatim: true);
}

/// <summary>A button: an action (<see cref="ActionId"/> and <see cref="Value"/> both carry the button payload) or a link (<see cref="Url"/>).</summary>
internal sealed record SlackButton(SlackTextObject Text, string ActionId, string? Value = null, string? Url = null, string? Style = null, string Type = "button");

/// <summary>Block Kit and message limits (characters unless stated).</summary>
internal static class SlackLimits
{
    public const int Blocks = 50;
    /// <summary>A header block's text; also the length kept of a reply's notification text.</summary>
    public const int HeaderText = 150;
    public const int SectionText = 3000;
    public const int ContextText = 2000;
    public const int ButtonText = 75;
    public const int ButtonUrl = 3000;

    /// <summary><c>chat.update</c> and ephemeral messages refuse a longer <c>text</c> (<c>msg_too_long</c>).</summary>
    public const int MessageText = 4000;
}
