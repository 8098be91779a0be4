using System.Text;
using PolicyWatchBot.Core.Replies;

namespace PolicyWatchBot.Chat.Discord;

/// <summary>
/// A command's reply as Discord message text: each part escaped for Discord markdown, users as
/// mentions (which never notify: <c>allowed_mentions</c> is empty), split at line ends into
/// messages of at most 2000 characters.
/// </summary>
internal static class DiscordReplyRenderer
{
    public const int MaxContentLength = 2000;

    /// <summary>More messages than this for one reply would flood the channel; the last says the rest was cut.</summary>
    public const int MaxMessages = 5;

    private const string CutNote = "\n… (the rest did not fit in Discord messages)";

    /// <summary>The reply's messages, each with the ephemeral flag when only the caller should see it.</summary>
    public static IReadOnlyList<DiscordWire.Message> Render(ChatReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var flags = reply.Visibility == ReplyVisibility.Ephemeral ? DiscordWire.EphemeralFlag : (int?)null;
        return Split(reply.Lines.Select(Line)).Select(text => new DiscordWire.Message { Content = text, Flags = flags }).ToList();
    }

    public static string Line(ReplyLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var text = new StringBuilder(line.IsBullet ? "• " : "");
        foreach (var part in line.Parts)
        {
            text.Append(part switch
            {
                Inline.Plain p => DiscordMarkdown.Escape(p.Text),
                Inline.Strong s => DiscordMarkdown.Bold(s.Text),
                Inline.Code c => DiscordMarkdown.Code(c.Text),
                Inline.Link l => DiscordMarkdown.Link(l.Text, l.Url),
                Inline.User u => u.UserId.Length > 0 && u.UserId.All(char.IsAsciiDigit) ? $"<@{u.UserId}>" : "@" + DiscordMarkdown.Escape(u.DisplayName),
                _ => throw new ArgumentOutOfRangeException(nameof(line), part.GetType().Name, "unknown inline part"),
            });
        }

        return text.ToString();
    }

    /// <summary>Whole lines per message where they fit; a line longer than a message is cut across messages.</summary>
    public static List<string> Split(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var messages = new List<string>();
        var current = new StringBuilder();
        foreach (var line in lines.SelectMany(Pieces))
        {
            if (current.Length > 0 && current.Length + 1 + line.Length > MaxContentLength)
            {
                messages.Add(current.ToString());
                current.Clear();
            }

            current.Append(current.Length > 0 ? "\n" : "").Append(line);
        }

        if (current.Length > 0 || messages.Count == 0)
        {
            messages.Add(current.Length > 0 ? current.ToString() : "Done.");
        }

        if (messages.Count > MaxMessages)
        {
            messages.RemoveRange(MaxMessages, messages.Count - MaxMessages);
            messages[^1] = DiscordMarkdown.Cut(messages[^1], MaxContentLength - CutNote.Length) + CutNote;
        }

        return messages;
    }

    private static IEnumerable<string> Pieces(string line)
    {
        var rest = line;
        while (rest.Length > MaxContentLength)
        {
            // Cut before the last character (room for the ellipsis), never inside a surrogate pair.
            var end = char.IsHighSurrogate(rest[MaxContentLength - 2]) ? MaxContentLength - 2 : MaxContentLength - 1;
            yield return rest[..end] + "…";
            rest = rest[end..];
        }

        yield return rest;
    }
}
