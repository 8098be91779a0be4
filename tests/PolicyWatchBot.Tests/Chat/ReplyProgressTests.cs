using PolicyWatchBot.Chat;
using PolicyWatchBot.Core.Replies;

namespace PolicyWatchBot.Tests.Chat;

/// <summary>Progress edits of a deferred answer: one at a time, a bounded number, never after the final answer.</summary>
public sealed class ReplyProgressTests
{
    [Fact]
    public async Task Report_WhileAnEditIsInFlight_IsDroppedAndTheNextOneAfterwardGoes()
    {
        var sent = new List<string>();
        var gate = new TaskCompletionSource();
        var progress = new ReplyProgress(async reply => { sent.Add(reply.ToString()); await gate.Task; }, maxEdits: 5);

        progress.Report(Line("10 %"));
        progress.Report(Line("20 %"));
        gate.SetResult();
        await progress.Last;
        progress.Report(Line("30 %"));
        await progress.Last;

        Assert.Equal(new[] { "10 %", "30 %" }, sent);
        Assert.Equal(2, progress.Shown);
    }

    [Fact]
    public async Task Report_PastTheMaximum_SendsNoMore()
    {
        var sent = 0;
        var progress = new ReplyProgress(_ => { sent++; return Task.CompletedTask; }, maxEdits: 2);

        for (var i = 0; i < 5; i++)
        {
            progress.Report(Line($"{i}"));
            await progress.Last;
        }

        Assert.Equal(2, sent);
    }

    [Fact]
    public async Task Report_EditFails_TheFailureStaysInside()
    {
        var progress = new ReplyProgress(_ => Task.FromException(new HttpRequestException("gone")), maxEdits: 2);

        progress.Report(Line("10 %"));
        await progress.Last;

        Assert.Equal(1, progress.Shown);
    }

    private static ChatReply Line(string text) => ChatReply.Ephemeral(ReplyLine.Of(text));
}
