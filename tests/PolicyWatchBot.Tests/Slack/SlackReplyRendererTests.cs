using PolicyWatchBot.Chat.Slack;
using PolicyWatchBot.Core.Replies;

namespace PolicyWatchBot.Tests.Slack;

public sealed class SlackReplyRendererTests
{
    [Fact]
    public void Render_Announcement_InChannelWithEscapedParts()
    {
        var reply = ChatReply.Announcement(ReplyLine.Of(new Inline.User("U1", "alice"), " added rule ", new Inline.Code("a<b"), ": ", new Inline.Strong("<!here>"), " ", new Inline.Link("docs", "https://example.org/x")));

        var message = Assert.Single(SlackReplyRenderer.Render(reply));

        Assert.Equal("in_channel", message.ResponseType);
        var section = Assert.IsType<SectionBlock>(Assert.Single(message.Blocks!));
        Assert.Equal("@alice added rule `a&lt;b`: *&lt;!here&gt;* <https://example.org/x|docs>", section.Text.Text);
        Assert.DoesNotContain("<@", section.Text.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Ephemeral_EphemeralWithBullets()
    {
        var message = Assert.Single(SlackReplyRenderer.Render(ChatReply.Ephemeral(ReplyLine.Of("Rules:"), ReplyLine.Bullet("one"))));

        Assert.Equal("ephemeral", message.ResponseType);
        Assert.Equal("Rules:\n• one", Assert.IsType<SectionBlock>(Assert.Single(message.Blocks!)).Text.Text);
        Assert.Equal("Rules:", message.Text);
    }

    [Fact]
    public void Render_VeryLongReply_SplitIntoMessagesWithinLimits()
    {
        var lines = Enumerable.Range(0, 3000).Select(i => ReplyLine.Bullet($"line {i} " + new string('x', 80))).ToArray();

        var messages = SlackReplyRenderer.Render(ChatReply.Ephemeral(lines));

        Assert.True(messages.Count > 1);
        Assert.All(messages, m =>
        {
            Assert.InRange(m.Blocks!.Count, 1, 50);
            Assert.All(m.Blocks!, b => Assert.InRange(((SectionBlock)b).Text.Text.Length, 1, 3000));
        });
        var all = string.Join('\n', messages.SelectMany(m => m.Blocks!).Select(b => ((SectionBlock)b).Text.Text));
        Assert.Contains("line 0 ", all, StringComparison.Ordinal);
        Assert.Contains("line 2999 ", all, StringComparison.Ordinal);
    }
}
