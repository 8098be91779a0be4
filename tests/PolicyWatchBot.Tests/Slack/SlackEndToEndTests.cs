using System.Net;
using System.Text.Json;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Slack;

/// <summary>
/// The real worker (as <c>run</c> builds it) with Slack configured against a loopback Slack: signed
/// requests to the real endpoints, a poll of a loopback feed host, the dispatcher posting Block Kit.
/// </summary>
public sealed class SlackEndToEndTests : IAsyncLifetime
{
    private const string Secret = "e2e-signing-secret";
    private SlackWorker _worker = null!;
    private SignedSlackClient _client = null!;

    private FakeSlackServer Slack => _worker.Slack;

    public async Task InitializeAsync()
    {
        _worker = await SlackWorker.StartAsync(
            (host, feeds) =>
            {
                host.Serve("/fr/all.json", File.ReadAllBytes(Fixtures.FederalRegisterDocuments), "application/json");
                feeds.Add("fr-all", "federal-register", host.Url("/fr/all.json"));
            },
            "--PolicyWatch:Slack:BotToken=xoxb-e2e",
            $"--PolicyWatch:Slack:SigningSecret={Secret}",
            "--PolicyWatch:Slack:AppId=A1",
            "--PolicyWatch:Slack:MessageInterval=00:00:00.050",
            "--PolicyWatch:Slack:DeferAfter=00:00:01");
        _client = SignedSlackClient.For(_worker.App, Secret);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _worker.DisposeAsync();
    }

    [Fact]
    public async Task SubscribeRuleAddPollThenAcknowledge_BlockKitAlertPostedThenUpdatedInPlace()
    {
        var subscribed = await AnswerAsync("subscribe fr-all");
        var added = await AnswerAsync("rule add penalties agency:\"foreign assets control\" AND penalt*");

        Assert.Equal("in_channel", subscribed.GetProperty("response_type").GetString());
        Assert.Contains("fr-all", subscribed.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("penalties", added.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString(), StringComparison.Ordinal);

        await _worker.PollAsync("fr-all");
        var post = (await Slack.WaitForAsync(c => c.Method == "chat.postMessage"))[0];
        SlackTestData.AssertWithinLimits(post.Body);
        Assert.Equal("C1", post.Body.GetProperty("channel").GetString());
        var alertId = post.Body.GetProperty("metadata").GetProperty("event_payload").GetProperty("post_id").GetString()!;
        var ts = Slack.MessagesIn("C1").Single().GetProperty("ts").GetString()!;
        await WaitUntilRecordedSentAsync();

        var pressed = await _client.PressAsync(ButtonPayload.Format(AlertAction.Acknowledge, alertId), ts, Slack.ResponseUrl("ack"));

        Assert.Equal(HttpStatusCode.OK, pressed.StatusCode);
        var update = (await Slack.WaitForAsync(c => c.Method == "chat.update"))[0];
        Assert.Equal(("C1", ts), (update.Body.GetProperty("channel").GetString(), update.Body.GetProperty("ts").GetString()));
        Assert.Contains(SlackTestData.Texts(update.Body), t => t.Contains("acknowledged by bob", StringComparison.Ordinal));
        var reply = (await Slack.WaitForAsync(c => c.Method == "respond/ack"))[0];
        Assert.Contains($"Acknowledged `{alertId}`", reply.Body.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Single(Slack.CallsTo("chat.postMessage"));
    }

    [Fact]
    public async Task Command_EscapedTextFromSlack_UnescapedBeforeParsing()
    {
        var answer = await AnswerAsync("rule add amp title:\"AT&T\" OR title:\"a<b\"");

        var text = answer.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString()!;
        Assert.Contains("AT&amp;T", text, StringComparison.Ordinal);
        Assert.DoesNotContain("&amp;amp;", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RuleTest_AlwaysDeferred_WorkingNowThenTheResultThroughResponseUrl()
    {
        await AnswerAsync("subscribe fr-all");
        await _worker.PollAsync("fr-all");

        var now = await AnswerAsync("rule test --days 3650 agency:\"foreign assets control\"", "backtest");

        Assert.Equal("ephemeral", now.GetProperty("response_type").GetString());
        Assert.Contains("Running the backtest", now.GetProperty("text").GetString(), StringComparison.Ordinal);
        var later = (await Slack.WaitForAsync(c => c.Method == "respond/backtest"))[0];
        Assert.Contains("match", string.Join('\n', SlackTestData.Texts(later.Body)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_StoreFailsPartWay_EphemeralSomethingWentWrongAndNothingChanged()
    {
        // The second target's audit row aborts the write: the first target must not stay subscribed.
        await SqliteFaults.FailAuditOfAsync(_worker.ConnectionString, "all");

        var answer = await AnswerAsync("subscribe fr-all all");

        Assert.Equal("ephemeral", answer.GetProperty("response_type").GetString());
        var text = string.Join('\n', SlackTestData.Texts(answer));
        Assert.StartsWith("Something went wrong running that command", text, StringComparison.Ordinal);
        Assert.Contains("nothing changed", text, StringComparison.Ordinal);
        Assert.Equal(0, await SqliteFaults.CountAsync(_worker.ConnectionString, "SELECT COUNT(*) FROM subscriptions s JOIN channels c ON c.id = s.channel_id WHERE c.platform = 'slack'"));
    }

    [Theory]
    [InlineData("wrong-secret", null)]
    [InlineData(null, "stale")]
    [InlineData(null, "zeros")]
    public async Task Command_BadSignatureOrStaleTimestamp_Unauthorized(string? secret, string? variant)
    {
        var body = SignedSlackClient.Form(("team_id", "T1"), ("channel_id", "C1"), ("user_id", "U1"), ("text", "subscribe fr-all"), ("api_app_id", "A1"));
        var stale = TimeProvider.System.GetUtcNow().AddMinutes(-6).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var response = await _client.PostAsync("slack/commands", body,
            timestamp: variant == "stale" ? stale : null,
            signature: variant == "zeros" ? "v0=" + new string('0', 64) : null,
            secret: secret);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await SubscriptionsAsync());
    }

    [Fact]
    public async Task Interaction_Unsigned_UnauthorizedAndNothingHappens()
    {
        var response = await _client.PostUnsignedAsync("slack/interactions", SignedSlackClient.Form(("payload", SignedSlackClient.ButtonPress("pw:ack:PW-0001", "1.1", Slack.ResponseUrl("x")))));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(Slack.Calls, c => c.Method != "auth.test");
    }

    [Fact]
    public async Task Command_OtherApp_Unauthorized()
    {
        var response = await _client.CommandAsync("subscribe fr-all", Slack.ResponseUrl("r"), appId: "A-OTHER");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await SubscriptionsAsync());
    }

    [Fact]
    public async Task Command_SslCheck_OkAndNothingElse()
    {
        var response = await _client.PostAsync("slack/commands", SignedSlackClient.Form(("ssl_check", "1"), ("token", "x")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// The dispatcher records the send just after Slack answers; an acknowledgement that comes
    /// before that queues no message update (a store race, reported), so the test waits for it.
    /// </summary>
    private async Task WaitUntilRecordedSentAsync()
    {
        var store = _worker.Get<IStore>();
        var deadline = Fixtures.Timeout(20);
        while ((await store.GetOutboxCountsAsync(deadline)).Sent == 0)
        {
            await Task.Delay(20, deadline);
        }
    }

    private async Task<JsonElement> AnswerAsync(string text, string responseId = "r")
    {
        var response = await _client.CommandAsync(text, Slack.ResponseUrl(responseId));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private async Task<IReadOnlyList<string>> SubscriptionsAsync()
    {
        var answer = await AnswerAsync("subscriptions");
        var text = string.Join('\n', SlackTestData.Texts(answer));
        return text.Contains("fr-all", StringComparison.Ordinal) ? ["fr-all"] : [];
    }

}
