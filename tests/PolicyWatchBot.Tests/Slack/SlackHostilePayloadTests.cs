using System.Net;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Slack;

/// <summary>Signed Slack interactions of unexpected shapes get an empty 200 (or 400 for a payload that is not JSON), never a 500.</summary>
public sealed class SlackHostilePayloadTests : IAsyncLifetime
{
    private const string Secret = "hostile-signing-secret";
    private SlackWorker _worker = null!;
    private SignedSlackClient _client = null!;

    public async Task InitializeAsync()
    {
        _worker = await SlackWorker.StartAsync((_, _) => { }, "--PolicyWatch:Slack:BotToken=xoxb-hostile", $"--PolicyWatch:Slack:SigningSecret={Secret}");
        _client = SignedSlackClient.For(_worker.App, Secret);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _worker.DisposeAsync();
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"type":"view_submission","view":{"id":"V1"},"user":{"id":"U1"}}""")]
    [InlineData("""{"type":"block_actions","actions":null}""")]
    [InlineData("""{"type":"block_actions","actions":[null],"user":null,"team":null}""")]
    [InlineData("""{"type":"block_actions","actions":[{}],"user":{"id":"U1"},"team":{"id":"T1"},"channel":{"id":"C1"}}""")]
    [InlineData("""{"type":"block_actions","actions":[{"action_id":"pw:ack:PW-1\ud800","value":null}],"user":{"id":"U1"},"team":{"id":"T1"},"channel":{"id":"C1"}}""")]
    public async Task Interaction_UnexpectedShape_EmptyOkAndNothingRuns(string payload)
    {
        using var response = await _client.PostAsync("slack/interactions", SignedSlackClient.Form(("payload", payload)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsStringAsync(Fixtures.Timeout()));
        Assert.DoesNotContain(_worker.Slack.Calls, c => c.Method == "chat.postMessage");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("not json")]
    public async Task Interaction_PayloadThatIsNotAnObject_BadRequest(string payload)
    {
        using var response = await _client.PostAsync("slack/interactions", SignedSlackClient.Form(("payload", payload)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
