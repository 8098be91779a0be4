using System.Net;
using System.Text.Json;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Slack;

/// <summary>
/// One thread per action on Slack, through the real worker and a loopback Slack: public inspection,
/// publication and a correction of one document make one parent and two replies under it
/// (<c>thread_ts</c>; the publication broadcast to the channel), the parent is edited to Published,
/// a restart in the middle loses and doubles nothing, and a deleted parent gets a new one.
/// </summary>
public sealed class SlackThreadTests : IAsyncLifetime
{
    private const string Secret = "thread-signing-secret";
    private SlackWorker _worker = null!;

    private FakeSlackServer Slack => _worker.Slack;

    public async Task InitializeAsync()
    {
        _worker = await SlackWorker.StartAsync(
            (host, feeds) =>
            {
                host.Serve("/pi.json", ThreadBodies.PublicInspection, "application/json");
                host.Serve("/fr.json", ThreadBodies.Published, "application/json");
                feeds.Add("fr-pi", "federal-register-public-inspection", host.Url("/pi.json"));
                feeds.Add("fr-bis", "federal-register", host.Url("/fr.json"));
            },
            "--PolicyWatch:Slack:BotToken=xoxb-thread",
            $"--PolicyWatch:Slack:SigningSecret={Secret}",
            "--PolicyWatch:Slack:AppId=A1",
            "--PolicyWatch:Slack:MessageInterval=00:00:00.010",
            "--PolicyWatch:Dispatcher:IdlePoll=00:00:01");
        using var client = SignedSlackClient.For(_worker.App, Secret);
        var subscribed = await client.CommandAsync("subscribe fr-pi fr-bis", Slack.ResponseUrl("s"));
        Assert.Equal(HttpStatusCode.OK, subscribed.StatusCode);
    }

    public async Task DisposeAsync() => await _worker.DisposeAsync();

    [Fact]
    public async Task InspectionPublicationCorrection_OneParentTwoRepliesAndTheParentEditedToPublished_AcrossARestart()
    {
        await _worker.PollAsync("fr-pi");
        var parent = (await Slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.Status == 200))[0];
        var parentTs = Slack.MessagesIn("C1").Single().GetProperty("ts").GetString()!;
        await WaitUntilSentAsync(1);

        await _worker.RestartAsync();
        await _worker.PollAsync("fr-bis");
        await Slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.Status == 200, count: 2);
        var edit = (await Slack.WaitForAsync(c => c.Method == "chat.update"))[0];

        _worker.FeedHost.Serve("/fr.json", ThreadBodies.PublishedAndCorrected, "application/json");
        await _worker.PollAsync("fr-bis");
        var posts = await Slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.Status == 200, count: 3);

        Assert.False(parent.Body.TryGetProperty("thread_ts", out _));
        var replies = posts.Skip(1).ToList();
        Assert.All(replies, r => Assert.Equal(parentTs, r.Body.GetProperty("thread_ts").GetString()));
        Assert.True(replies[0].Body.GetProperty("reply_broadcast").GetBoolean());
        Assert.False(replies[1].Body.TryGetProperty("reply_broadcast", out _));
        Assert.Contains("Published", replies[0].Body.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("Correction", string.Join('\n', SlackTestData.Texts(replies[1].Body)), StringComparison.Ordinal);
        Assert.Equal(("C1", parentTs), (edit.Body.GetProperty("channel").GetString(), edit.Body.GetProperty("ts").GetString()));
        Assert.Contains(SlackTestData.Texts(edit.Body), t => t.Contains("Now:", StringComparison.Ordinal) && t.Contains("Published 2024-01-09", StringComparison.Ordinal));
        Assert.Equal(3, Slack.MessagesIn("C1").Count);
        Assert.Equal(3, posts.Select(p => p.Body.GetProperty("metadata").GetProperty("event_payload").GetProperty("post_id").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task Reply_ParentMessageDeleted_PostedAsTheThreadsNewParentAndTheNextReplyGoesUnderIt()
    {
        await _worker.PollAsync("fr-pi");
        await MessagesAsync(1);
        await WaitUntilSentAsync(1);
        Slack.DeleteMessage("C1", Slack.MessagesIn("C1").Single().GetProperty("ts").GetString()!);

        await _worker.PollAsync("fr-bis");
        var newParent = (await MessagesAsync(1)).Single();
        await WaitUntilSentAsync(2);
        _worker.FeedHost.Serve("/fr.json", ThreadBodies.PublishedAndCorrected, "application/json");
        await _worker.PollAsync("fr-bis");
        var messages = await MessagesAsync(2);

        Assert.Contains(Slack.CallsTo("chat.postMessage"), c => c.Body.TryGetProperty("thread_ts", out _) && c.Body.GetProperty("text").GetString()!.StartsWith("Published", StringComparison.Ordinal));
        Assert.StartsWith("Published", newParent.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, newParent.GetProperty("thread_ts").ValueKind);
        Assert.Equal(newParent.GetProperty("ts").GetString(), messages[1].GetProperty("thread_ts").GetString());
    }

    /// <summary>Waits until the channel holds <paramref name="count"/> messages; returns them, oldest first.</summary>
    private async Task<IReadOnlyList<JsonElement>> MessagesAsync(int count)
    {
        await Slack.WaitForAsync(_ => Slack.MessagesIn("C1").Count >= count);
        return Slack.MessagesIn("C1");
    }

    private Task WaitUntilSentAsync(long count) => _worker.Get<IStore>().UntilSentAsync(count);
}
