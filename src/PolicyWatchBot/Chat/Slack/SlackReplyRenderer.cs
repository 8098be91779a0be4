using System.Text;
using PolicyWatchBot.Core.Replies;

namespace PolicyWatchBot.Chat.Slack;

/// <summary>
/// Renders a command's reply as Slack messages: ephemeral or <c>in_channel</c> (an announcement),
/// each line escaped for mrkdwn, lines packed into sections within Block Kit's limits; a reply too
/// long for one message is split into several.
/// </summary>
internal static class SlackReplyRenderer
{
    public const string Ephemeral = "ephemeral";
    public const string InChannel = "in_channel";

    /// <summary>The blocks of one message; the rest goes into the next one.</summary>
    private const int BlocksPerMessage = SlackLimits.Blocks;

    public static IReadOnlyList<ResponseMessage> Render(ChatReply reply)
    {
        var type = reply.Visibility == ReplyVisibility.Channel ? InChannel : Ephemeral;
        var sections = Sections(reply.Lines.Select(Line));
        var messages = sections.Chunk(BlocksPerMessage).Select(chunk => new ResponseMessage(
            Fallback(chunk),
            chunk.Select(s => (SlackBlock)new SectionBlock(SlackTextObject.Mrkdwn(s))).ToList(),
            type)).ToList();
        return messages.Count > 0 ? messages : [new ResponseMessage("Done.", null, type)];
    }

    /// <summary>One reply line as mrkdwn; users show by name and are never mentioned.</summary>
    public static string Line(ReplyLine line)
    {
        var text = new StringBuilder(line.IsBullet ? "• " : "");
        foreach (var part in line.Parts)
        {
            text.Append(part switch
            {
                Inline.Plain p => SlackText.Escape(p.Text),
                Inline.Strong s => SlackText.Bold(s.Text),
                Inline.Code c => SlackText.Code(c.Text),
                Inline.Link l => SlackText.Link(l.Url, l.Text),
                Inline.User u => SlackText.Escape("@" + u.DisplayName),
                _ => throw new ArgumentOutOfRangeException(nameof(line), part.GetType().Name, "unknown inline part"),
            });
        }

        return text.ToString();
    }

    /// <summary>Lines packed into section texts of at most the section limit; a longer line is cut.</summary>
    private static List<string> Sections(IEnumerable<string> lines)
    {
        var sections = new List<string>();
        var current = new StringBuilder();
        foreach (var line in lines.Select(l => SlackText.Cut(l.Length == 0 ? " " : l, SlackLimits.SectionText)))
        {
            if (current.Length > 0 && current.Length + 1 + line.Length > SlackLimits.SectionText)
            {
                sections.Add(current.ToString());
                current.Clear();
            }

            current.Append(current.Length > 0 ? "\n" : "").Append(line);
        }

        if (current.Length > 0)
        {
            sections.Add(current.ToString());
        }

        return sections;
    }

    /// <summary>The notification text: the message's first line.</summary>
    private static string Fallback(IEnumerable<string> sections) =>
        SlackText.Cut(sections.First().Split('\n')[0], SlackLimits.HeaderText);
}
