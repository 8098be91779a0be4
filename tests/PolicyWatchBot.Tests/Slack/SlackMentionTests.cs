using System.Net;
using System.Text.Json.Nodes;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Slack;

/// <summary>
/// Urgent alerts and mentions on Slack, through the real worker: a rule's user group is written
/// only on that rule's urgent alerts, and a feed title carrying <c>&lt;!channel&gt;</c> or
/// <c>@everyone</c> pings no one.
/// </summary>
public sealed class SlackMentionTests : IAsyncLifetime
{
    private const string Secret = "mention-signing-secret";
    private SlackWorker _worker = null!;

    public async Task InitializeAsync()
    {
        var body = FederalRegisterBodies.Documents(
            d => (string?)d["document_number"] is "2024-00190" or "2024-00359",
            d =>
            {
                if ((string?)d["document_number"] == "2024-00359")
                {
                    d["title"] = "&lt;!channel&gt; @everyone &lt;@U0BOB&gt; read this";
                }
            });
        _worker = await SlackWorker.StartAsync(
            (host, feeds) =>
            {
                host.Serve("/fr.json", body, "application/json");
                feeds.Add("fr-bis", "federal-register", host.Url("/fr.json"));
            },
            "--PolicyWatch:Slack:BotToken=xoxb-mention",
            $"--PolicyWatch:Slack:SigningSecret={Secret}",
            "--PolicyWatch:Slack:AppId=A1",
            "--PolicyWatch:Slack:MessageInterval=00:00:00.010",
            "--PolicyWatch:Dispatcher:Lease=00:00:05");
    }

    public async Task DisposeAsync() => await _worker.DisposeAsync();

    [Fact]
    public async Task UrgentRuleWithAGroup_PingsOnlyOnItsUrgentAlertAndFeedTextPingsNobody()
    {
        using var client = SignedSlackClient.For(_worker.App, Secret);
        foreach (var command in (string[])
        [
            "subscribe fr-bis",
            "rule add pecsea --urgent title:\"President's Export Council\"",
            "rule notify pecsea <!subteam^S0LEGAL|@legal>",
            "rule add everything agency:\"industry and security\"",
            "rule notify everything <@U0BOB|bob>",
        ])
        {
            Assert.Equal(HttpStatusCode.OK, (await client.CommandAsync(command, _worker.Slack.ResponseUrl("r"))).StatusCode);
        }

        await _worker.PollAsync("fr-bis");
        var posts = await _worker.Slack.WaitForAsync(c => c.Method == "chat.postMessage", count: 2);
        AssertMentionOnlyOnTheUrgentAlert(posts);
    }

    [Fact]
    public async Task Mentions_AcrossRestartsBeforeThePollAndBeforeDelivery_KeptAndNothingDoubled()
    {
        using (var client = SignedSlackClient.For(_worker.App, Secret))
        {
            foreach (var command in (string[])
            [
                "subscribe fr-bis",
                "rule add pecsea --urgent title:\"President's Export Council\"",
                "rule notify pecsea <!subteam^S0LEGAL|@legal>",
                "rule add everything agency:\"industry and security\"",
            ])
            {
                Assert.Equal(HttpStatusCode.OK, (await client.CommandAsync(command, _worker.Slack.ResponseUrl("r"))).StatusCode);
            }
        }

        await _worker.RestartAsync();
        var first = await _worker.PollAsync("fr-bis");
        await _worker.RestartAsync();
        await WaitUntilSentAsync(2);
        var second = await _worker.PollAsync("fr-bis");

        Assert.Equal(2, first.AlertsQueued);
        Assert.Equal(0, second.AlertsQueued);
        Assert.Equal((0L, 2L), await OutboxPendingAndSentAsync());
        Assert.Equal(2, _worker.Slack.MessagesIn("C1").Count);
        var posts = _worker.Slack.CallsTo("chat.postMessage").Where(c => c.Status == 200).ToList();
        Assert.Equal(2, posts.Select(p => p.Body.GetProperty("metadata").GetProperty("event_payload").GetProperty("post_id").GetString()).Distinct().Count());
        AssertMentionOnlyOnTheUrgentAlert(posts);
    }

    private static void AssertMentionOnlyOnTheUrgentAlert(IReadOnlyList<SlackCall> posts)
    {
        var urgent = posts.Single(p => SlackTestData.Texts(p.Body).Any(t => t.Contains("President", StringComparison.Ordinal)));
        var ordinary = posts.Single(p => p != urgent);
        Assert.StartsWith("<!subteam^S0LEGAL> Urgent: ", urgent.Body.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains(SlackTestData.Texts(urgent.Body), t => t.StartsWith(":rotating_light: *Urgent* · rule pecsea is urgent · <!subteam^S0LEGAL>", StringComparison.Ordinal));
        Assert.DoesNotContain(SlackTestData.Texts(urgent.Body), t => t.Contains("<@U0BOB>", StringComparison.Ordinal));
        var ordinaryText = string.Join('\n', SlackTestData.Texts(ordinary.Body));
        Assert.DoesNotContain("<!", ordinaryText, StringComparison.Ordinal);
        Assert.DoesNotContain("<@", ordinaryText, StringComparison.Ordinal);
        Assert.Contains("&lt;!channel&gt; @everyone &lt;@U0BOB&gt; read this", ordinaryText, StringComparison.Ordinal);
        Assert.DoesNotContain("Urgent", ordinaryText, StringComparison.Ordinal);
    }

    private async Task<(long Pending, long Sent)> OutboxPendingAndSentAsync()
    {
        var counts = await _worker.Get<IStore>().GetOutboxCountsAsync(Fixtures.Timeout());
        return (counts.Pending, counts.Sent);
    }

    private Task WaitUntilSentAsync(long count) => _worker.Get<IStore>().UntilSentAsync(count);
}
