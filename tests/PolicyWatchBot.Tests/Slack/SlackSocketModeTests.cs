using System.Text.Json;

namespace PolicyWatchBot.Tests.Slack;

/// <summary>The real worker in Socket Mode against a loopback Slack that speaks the WebSocket side.</summary>
public sealed class SlackSocketModeTests : IAsyncLifetime
{
    private SlackWorker _worker = null!;

    private FakeSlackServer Slack => _worker.Slack;

    public async Task InitializeAsync() =>
        _worker = await SlackWorker.StartAsync((_, _) => { },
            "--PolicyWatch:Slack:BotToken=xoxb-socket",
            "--PolicyWatch:Slack:AppToken=xapp-socket",
            "--PolicyWatch:Slack:ReconnectDelay=00:00:00.050");

    public async Task DisposeAsync() => await _worker.DisposeAsync();

    [Fact]
    public async Task SocketMode_HelloCommandButtonDisconnectAndDrop_EachEnvelopeAckedRepliesRightReconnects()
    {
        var first = await Slack.AcceptSocketAsync();
        var open = await Slack.WaitForAsync("apps.connections.open");
        Assert.Equal("Bearer xapp-socket", open.Authorization);
        await first.SendAsync("""{"type":"hello","num_connections":1,"connection_info":{"app_id":"A1"}}""");

        await first.SendAsync(Envelope("e1", "slash_commands", acceptsResponse: true, $$"""
            {"team_id":"T1","channel_id":"C1","channel_name":"general","user_id":"U1","user_name":"alice","command":"/policywatch","text":"help","api_app_id":"A1","response_url":"{{Slack.ResponseUrl("cmd")}}"}
            """));
        var commandAck = (await first.ReceiveAsync())!.Value;
        Assert.Equal("e1", commandAck.GetProperty("envelope_id").GetString());
        Assert.Equal("ephemeral", commandAck.GetProperty("payload").GetProperty("response_type").GetString());
        Assert.Contains("rule add", string.Join('\n', SlackTestData.Texts(commandAck.GetProperty("payload"))), StringComparison.Ordinal);

        await first.SendAsync(Envelope("e2", "interactive", acceptsResponse: false, SignedSlackClient.ButtonPress("pw:ack:PW-0001", "1.1", Slack.ResponseUrl("button"))));
        var buttonAck = (await first.ReceiveAsync())!.Value;
        Assert.Equal("e2", buttonAck.GetProperty("envelope_id").GetString());
        Assert.False(buttonAck.TryGetProperty("payload", out _));
        var reply = (await Slack.WaitForAsync(c => c.Method == "respond/button"))[0];
        Assert.Contains("There is no alert PW-0001 in this channel", string.Join('\n', SlackTestData.Texts(reply.Body)), StringComparison.Ordinal);

        await first.SendAsync("""{"type":"disconnect","reason":"refresh_requested","debug_info":{"host":"applink-1"}}""");
        Assert.Null(await first.ReceiveAsync());
        var second = await Slack.AcceptSocketAsync();
        Assert.Equal(2, Slack.CallsTo("apps.connections.open").Count);
        await second.SendAsync("""{"type":"hello","num_connections":1,"connection_info":{"app_id":"A1"}}""");

        second.Abort();
        var third = await Slack.AcceptSocketAsync();
        await third.SendAsync("""{"type":"hello","num_connections":1,"connection_info":{"app_id":"A1"}}""");
        await third.SendAsync(Envelope("e3", "slash_commands", acceptsResponse: true, """
            {"team_id":"T1","channel_id":"C1","user_id":"U1","user_name":"alice","command":"/policywatch","text":"subscriptions","api_app_id":"A1"}
            """));
        Assert.Equal("e3", (await third.ReceiveAsync())!.Value.GetProperty("envelope_id").GetString());
        Assert.Equal(3, Slack.CallsTo("apps.connections.open").Count);
    }

    [Fact]
    public async Task SocketMode_SameEnvelopeTwice_HandledOnceAckedTwice()
    {
        var socket = await Slack.AcceptSocketAsync();
        await socket.SendAsync("""{"type":"hello","num_connections":1}""");
        var envelope = Envelope("dup", "slash_commands", acceptsResponse: true, """
            {"team_id":"T1","channel_id":"C1","user_id":"U1","user_name":"alice","command":"/policywatch","text":"subscribe all","api_app_id":"A1"}
            """);

        await socket.SendAsync(envelope);
        var firstAck = (await socket.ReceiveAsync())!.Value;
        await socket.SendAsync(envelope);
        var secondAck = (await socket.ReceiveAsync())!.Value;

        Assert.Equal("in_channel", firstAck.GetProperty("payload").GetProperty("response_type").GetString());
        Assert.Equal("dup", secondAck.GetProperty("envelope_id").GetString());
        Assert.False(secondAck.TryGetProperty("payload", out _));
    }

    private static string Envelope(string id, string type, bool acceptsResponse, string payload) =>
        JsonSerializer.Serialize(new
        {
            envelope_id = id,
            type,
            accepts_response_payload = acceptsResponse,
            payload = JsonDocument.Parse(payload).RootElement,
        });
}
