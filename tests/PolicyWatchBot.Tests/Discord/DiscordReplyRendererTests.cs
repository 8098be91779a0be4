using PolicyWatchBot.Chat.Discord;
using PolicyWatchBot.Core.Replies;

namespace PolicyWatchBot.Tests.Discord;

/// <summary>Replies as Discord message text: each part escaped, ephemeral or public, split within 2000 characters.</summary>
public sealed class DiscordReplyRendererTests
{
    [Fact]
    public void Render_Parts_EachEscapedForItsKind()
    {
        var line = DiscordReplyRenderer.Line(ReplyLine.Of(
            new Inline.User("123456789012345678", "alice"), " added rule ", new Inline.Strong("ai_chips"), ": ",
            new Inline.Code("semiconduct* OR `x`"), " see ", new Inline.Link("the *docs*", "https://example.org/rules"), " @everyone"));

        Assert.Equal("<@123456789012345678> added rule **ai\\_chips**\\: `` semiconduct* OR `x` `` see [the \\*docs\\*](<https://example.org/rules>) \\@everyone", line);
    }

    [Fact]
    public void Render_LinkThatIsNotHttp_TextOnly()
    {
        var line = DiscordReplyRenderer.Line(ReplyLine.Of(new Inline.Link("click", "javascript:alert(1)")));

        Assert.DoesNotContain("](", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_EphemeralAndChannelReplies_FlagOnlyOnEphemeral()
    {
        Assert.Equal(64, Assert.Single(DiscordReplyRenderer.Render(ChatReply.Ephemeral(ReplyLine.Of("x")))).Flags);
        Assert.Null(Assert.Single(DiscordReplyRenderer.Render(ChatReply.Announcement(ReplyLine.Of("x")))).Flags);
    }

    [Fact]
    public void Render_LongReply_SplitAtLineEndsWithinTheLimitLosingNothing()
    {
        var lines = Enumerable.Range(0, 300).Select(i => ReplyLine.Bullet($"line {i:000} " + new string('a', 20))).ToArray();

        var messages = DiscordReplyRenderer.Render(ChatReply.Ephemeral(lines));

        Assert.True(messages.Count > 1);
        Assert.All(messages, m => Assert.True(m.Content!.Length <= DiscordReplyRenderer.MaxContentLength));
        var all = string.Join("\n", messages.Select(m => m.Content));
        Assert.Contains("line 000", all, StringComparison.Ordinal);
        Assert.Contains("line 299", all, StringComparison.Ordinal);
        Assert.All(messages, m => Assert.Equal(64, m.Flags));
    }

    [Fact]
    public void Render_OneLineLongerThanAMessage_CutAcrossMessages()
    {
        var messages = DiscordReplyRenderer.Render(ChatReply.Ephemeral(ReplyLine.Of(new string('z', 4500))));

        Assert.Equal(3, messages.Count);
        Assert.All(messages, m => Assert.True(m.Content!.Length <= DiscordReplyRenderer.MaxContentLength));
        Assert.Equal(4500, messages.Sum(m => m.Content!.Count(c => c == 'z')));
    }
}
