using System.Net;
using System.Text.Json.Nodes;
using CsCheck;
using PolicyWatchBot.Tests.Fuzz;
using PolicyWatchBot.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PolicyWatchBot.Tests.Slack;

/// <summary>Signed Slack interactions of unexpected shapes get an empty 200 (or 400 for a payload that is not JSON), never a 500.</summary>
public sealed class SlackHostilePayloadTests(ITestOutputHelper output) : IAsyncLifetime
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

    [Fact]
    public async Task SignedCommandsAndInteractions_OfAnyShape_NeverAnswer500()
    {
        var run = new FuzzRun("slack requests", output);
        var hostile = HostileText.Mixed(Gen.OneOf("subscribe", "rule add", "rule test", "mute", "ack", "help", "fr-all", "PW-1", "/a{99}/", "#x", "<@U1>", "&amp;", "=", "&", "%", " "), 10);
        var id = Gen.Frequency((4, Gen.OneOf("T1", "U1", "C1", "A1")), (1, hostile), (1, Gen.Const(() => (string)null!)));
        var responseUrl = Gen.OneOf(_worker.Slack.ResponseUrl("fuzz").ToString(), "", "not a url", "http://127.0.0.1:9/hook", null);
        var command = Gen.Select(hostile, id, id, id, Gen.OneOf("/policywatch", "/other", "", null), responseUrl, (text, team, user, channel, name, url) =>
            SignedSlackClient.Form(("team_id", team), ("user_id", user), ("channel_id", channel), ("command", name), ("text", text), ("response_url", url), ("api_app_id", "A1")));

        JsonNode? Node(string? text) => text is null ? null : JsonValue.Create(text);
        var holder = Gen.Frequency(
            (3, id.Select(i => (JsonNode?)new JsonObject { ["id"] = Node(i) })),
            (1, Gen.OneOf<JsonNode?>(null, new JsonObject(), JsonValue.Create(7), new JsonArray())));
        var action = Gen.Frequency(
            (3, Gen.Select(Gen.OneOf("pw:ack:PW-1", "pw:mute:PW-1", "pw:ackall:D-1", "pw:zzz", ""), hostile, (a, v) => (JsonNode?)new JsonObject { ["action_id"] = a + v, ["value"] = v })),
            (1, Gen.OneOf<JsonNode?>(null, new JsonObject(), JsonValue.Create("x"))));
        var interaction = Gen.Select(Gen.OneOf("block_actions", "view_submission", "shortcut", "message_action", "zzz", null), action.Array[0, 3], Gen.Bool, holder, holder, holder,
            (type, actions, withActions, user, team, channel) =>
            {
                var payload = new JsonObject { ["type"] = Node(type), ["user"] = user?.DeepClone(), ["team"] = team?.DeepClone(), ["channel"] = channel?.DeepClone(), ["container"] = new JsonObject { ["message_ts"] = "1.1" } };
                if (withActions)
                {
                    payload["actions"] = new JsonArray([.. actions.Select(a => a?.DeepClone())]);
                }

                return payload.ToJsonString();
            });
        var interactionBody = Gen.Select(interaction, Gen.Int[0, 3], Gen.Double[0, 1], (payload, damage, where) =>
            SignedSlackClient.Form(("payload", damage == 0 ? payload[..(int)(where * payload.Length)] : payload)));
        var requests = Gen.Frequency((1, command.Select(b => ("slack/commands", b))), (1, interactionBody.Select(b => ("slack/interactions", b))));

        await requests.SampleAsync(async request =>
        {
            using var response = await _client.PostAsync(request.Item1, request.Item2);
            run.Measure(request.Item2, () => Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)response.StatusCode} for {request.Item1} {request.Item2}"));
        }, iter: FuzzRun.Iterations(300), threads: 1);

        run.Report();
    }
}
