using System.Diagnostics;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Delivery;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Slack;

/// <summary>The sink against a loopback Slack: what it posts, and what each of Slack's answers becomes.</summary>
public sealed class SlackAlertSinkTests : IAsyncLifetime
{
    private FakeSlackServer _slack = null!;
    private SlackServices _services = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlackServer.StartAsync();
        _services = SlackServices.Create(_slack);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _slack.DisposeAsync();
    }

    [Fact]
    public async Task Send_Ok_PostsBlockKitWithTokenAndMetadataAndReturnsTheTs()
    {
        var outcome = await _services.Sink.SendAsync(SlackServices.Send(SlackTestData.Alert()), Fixtures.Timeout());

        var call = Assert.Single(_slack.CallsTo("chat.postMessage"));
        var sent = Assert.IsType<DeliveryOutcome.Sent>(outcome);
        Assert.Equal(_slack.MessagesIn("C1")[0].GetProperty("ts").GetString(), sent.PlatformMessageId);
        Assert.Equal("Bearer xoxb-test-token", call.Authorization);
        Assert.Equal("C1", call.Body.GetProperty("channel").GetString());
        Assert.Equal("PW-3F9K", call.Body.GetProperty("metadata").GetProperty("event_payload").GetProperty("post_id").GetString());
        Assert.False(call.Body.GetProperty("unfurl_links").GetBoolean());
        SlackTestData.AssertWithinLimits(call.Body);
    }

    [Theory]
    [InlineData("invalid_auth")]
    [InlineData("token_revoked")]
    [InlineData("account_inactive")]
    [InlineData("not_authed")]
    public async Task Send_TokenRefused_ParkedPlatformAndTheNextSendDoesNotCallSlack(string error)
    {
        _slack.Script("chat.postMessage", FakeReply.Error(error));

        var first = await _services.Sink.SendAsync(SlackServices.Send(SlackTestData.Alert()), Fixtures.Timeout());
        var second = await _services.Sink.SendAsync(SlackServices.Send(SlackTestData.Alert("PW-0002"), channel: new ChannelKey("slack", "T1", "C2")), Fixtures.Timeout());

        var parked = Assert.IsType<DeliveryOutcome.Parked>(first);
        Assert.Equal(ParkScope.Platform, parked.Scope);
        Assert.Contains("PolicyWatch:Slack:BotToken", parked.Reason, StringComparison.Ordinal);
        Assert.Equal(ParkScope.Platform, Assert.IsType<DeliveryOutcome.Parked>(second).Scope);
        Assert.Single(_slack.CallsTo("chat.postMessage"));
    }

    [Fact]
    public async Task Send_NotInChannel_ParkedChannelSayingInviteTheBot()
    {
        _slack.Script("chat.postMessage", FakeReply.Error("not_in_channel"));

        var parked = Assert.IsType<DeliveryOutcome.Parked>(await _services.Sink.SendAsync(SlackServices.Send(SlackTestData.Alert()), Fixtures.Timeout()));

        Assert.Equal(ParkScope.Channel, parked.Scope);
        Assert.Contains("invite", parked.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("channel_not_found")]
    [InlineData("is_archived")]
    public async Task Send_ChannelGone_FailedWholeChannelWithTheReason(string error)
    {
        _slack.Script("chat.postMessage", FakeReply.Error(error));

        var failed = Assert.IsType<DeliveryOutcome.Failed>(await _services.Sink.SendAsync(SlackServices.Send(SlackTestData.Alert()), Fixtures.Timeout()));

        Assert.True(failed.WholeChannel);
        Assert.Contains(error, failed.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("msg_blocks_too_long")]
    [InlineData("invalid_blocks")]
    public async Task Send_BlocksRefused_SentAgainAsPlainText(string error)
    {
        _slack.Script("chat.postMessage", FakeReply.Error(error));

        var outcome = await _services.Sink.SendAsync(SlackServices.Send(SlackTestData.Alert()), Fixtures.Timeout());

        Assert.IsType<DeliveryOutcome.Sent>(outcome);
        var calls = _slack.CallsTo("chat.postMessage");
        Assert.Equal(2, calls.Count);
        Assert.False(calls[1].Body.TryGetProperty("blocks", out _));
        Assert.Contains("Entity List additions", calls[1].Body.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_RateLimited_DeferredForRetryAfter()
    {
        _slack.Script("chat.postMessage", FakeReply.RateLimited(7));

        var deferred = Assert.IsType<DeliveryOutcome.Deferred>(await _services.Sink.SendAsync(SlackServices.Send(SlackTestData.Alert()), Fixtures.Timeout()));

        Assert.Equal(TimeSpan.FromSeconds(7), deferred.After);
    }

    [Fact]
    public async Task Send_ServerError_Retry()
    {
        _slack.Script("chat.postMessage", FakeReply.ServerError());

        Assert.IsType<DeliveryOutcome.Retry>(await _services.Sink.SendAsync(SlackServices.Send(SlackTestData.Alert()), Fixtures.Timeout()));
    }

    [Fact]
    public async Task Send_SlowerThanTheTimeout_RetryInAboutTheTimeout()
    {
        await using var impatient = SlackServices.Create(_slack, settings: new Dictionary<string, string?> { ["PolicyWatch:Slack:Timeout"] = "00:00:01" });
        _slack.Script("chat.postMessage", FakeReply.Slow(TimeSpan.FromSeconds(5)));
        var watch = Stopwatch.StartNew();

        var retry = Assert.IsType<DeliveryOutcome.Retry>(await impatient.Sink.SendAsync(SlackServices.Send(SlackTestData.Alert()), Fixtures.Timeout()));

        Assert.Contains("timed out", retry.Reason, StringComparison.Ordinal);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task Send_EarlierTryGotThrough_FoundInHistoryAndNotPostedAgain()
    {
        _slack.Script("chat.postMessage", FakeReply.ServerError(postsAnyway: true));
        Assert.IsType<DeliveryOutcome.Retry>(await _services.Sink.SendAsync(SlackServices.Send(SlackTestData.Alert()), Fixtures.Timeout()));

        var outcome = await _services.Sink.SendAsync(SlackServices.Send(SlackTestData.Alert(), attempts: 2), Fixtures.Timeout());

        Assert.Equal(_slack.MessagesIn("C1").Single().GetProperty("ts").GetString(), Assert.IsType<DeliveryOutcome.Sent>(outcome).PlatformMessageId);
        Assert.Single(_slack.CallsTo("chat.postMessage"));
        Assert.Contains("include_all_metadata=true", Assert.Single(_slack.CallsTo("conversations.history")).Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_EarlierTryLost_NotInHistorySoPostedOnce()
    {
        await _services.Sink.SendAsync(SlackServices.Send(SlackTestData.Alert("PW-0001")), Fixtures.Timeout());

        var outcome = await _services.Sink.SendAsync(SlackServices.Send(SlackTestData.Alert("PW-0002"), attempts: 3), Fixtures.Timeout());

        Assert.IsType<DeliveryOutcome.Sent>(outcome);
        Assert.Equal(["PW-0001", "PW-0002"], _slack.MessagesIn("C1").Select(m => m.GetProperty("metadata").GetProperty("event_payload").GetProperty("post_id").GetString()));
    }

    [Fact]
    public async Task Send_FirstTry_NoHistoryCheck()
    {
        await _services.Sink.SendAsync(SlackServices.Send(SlackTestData.Alert()), Fixtures.Timeout());

        Assert.Empty(_slack.CallsTo("conversations.history"));
    }

    [Fact]
    public async Task Update_Ok_ChatUpdateOfThatMessage()
    {
        var outcome = await _services.Sink.UpdateAsync(SlackServices.Update(SlackTestData.Alert(), "1700000000.000200"), Fixtures.Timeout());

        Assert.IsType<DeliveryOutcome.Sent>(outcome);
        var call = Assert.Single(_slack.CallsTo("chat.update"));
        Assert.Equal(("C1", "1700000000.000200"), (call.Body.GetProperty("channel").GetString(), call.Body.GetProperty("ts").GetString()));
        SlackTestData.AssertWithinLimits(call.Body);
    }

    [Theory]
    [InlineData("message_not_found")]
    [InlineData("cant_update_message")]
    public async Task Update_MessageGone_GivenUpCleanlyWithoutANewPost(string error)
    {
        _slack.Script("chat.update", FakeReply.Error(error));

        var failed = Assert.IsType<DeliveryOutcome.Failed>(await _services.Sink.UpdateAsync(SlackServices.Update(SlackTestData.Alert(), "1.2"), Fixtures.Timeout()));

        Assert.False(failed.WholeChannel);
        Assert.Empty(_slack.CallsTo("chat.postMessage"));
    }

    [Fact]
    public async Task Send_PacedChannel_MessagesSpacedButOtherChannelsNotHeldUp()
    {
        await using var paced = SlackServices.Create(_slack, settings: new Dictionary<string, string?> { ["PolicyWatch:Slack:MessageInterval"] = "00:00:00.400" });
        var other = new ChannelKey("slack", "T1", "C2");

        await paced.Sink.SendAsync(SlackServices.Send(SlackTestData.Alert("PW-0001")), Fixtures.Timeout());
        var watch = Stopwatch.StartNew();
        await paced.Sink.SendAsync(SlackServices.Send(SlackTestData.Alert("PW-0002"), channel: other), Fixtures.Timeout());
        var otherChannel = watch.Elapsed;
        await paced.Sink.SendAsync(SlackServices.Send(SlackTestData.Alert("PW-0003")), Fixtures.Timeout());
        var sameChannel = watch.Elapsed;

        Assert.True(otherChannel < TimeSpan.FromMilliseconds(300), $"other channel waited {otherChannel}");
        Assert.True(sameChannel >= TimeSpan.FromMilliseconds(350), $"same channel waited only {sameChannel}");
    }
}
