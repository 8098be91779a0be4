using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Delivery;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Discord;

/// <summary>What each Discord answer means for the outbox, and the nonce that keeps a retried send from posting twice.</summary>
public sealed class DiscordAlertSinkTests : IAsyncLifetime
{
    private FakeDiscordServer _fake = null!;
    private DiscordClient _client = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeDiscordServer.StartAsync();
        _client = new DiscordClient(_fake);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task Send_Accepted_SentWithTheMessageIdAndThePostIdAsEnforcedNonce()
    {
        var outcome = await SendAsync("1");

        var sent = Assert.IsType<DeliveryOutcome.Sent>(outcome);
        var message = Assert.Single(_fake.Messages);
        Assert.Equal(message.Id, sent.PlatformMessageId);
        Assert.Equal("PW-0001", message.Body["nonce"]!.GetValue<string>());
        Assert.True(message.Body["enforce_nonce"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Send_AnswerLostThenRetried_OneMessageAndTheSameId()
    {
        _fake.RespondNext(200, loseAnswer: true);
        using var impatient = new DiscordClient(_fake, ("Timeout", "00:00:01"));

        var lost = await impatient.Sink.SendAsync(DiscordClient.Entry("1", DiscordClient.Alert(1)), Fixtures.Timeout());
        var retried = await _client.Sink.SendAsync(DiscordClient.Entry("1", DiscordClient.Alert(1), attempts: 2), Fixtures.Timeout());

        Assert.IsType<DeliveryOutcome.Retry>(lost);
        var sent = Assert.IsType<DeliveryOutcome.Sent>(retried);
        var message = Assert.Single(_fake.Messages);
        Assert.Equal(message.Id, sent.PlatformMessageId);
    }

    [Fact]
    public async Task Send_TokenRefused_ParkedForThePlatform()
    {
        _fake.RespondNext(401, code: 0);

        var parked = Assert.IsType<DeliveryOutcome.Parked>(await SendAsync("1"));

        Assert.Equal(ParkScope.Platform, parked.Scope);
        Assert.Contains("BotToken", parked.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(50001, "Missing Access")]
    [InlineData(50013, "Missing Permissions")]
    public async Task Send_NoAccessToTheChannel_ParkedForTheChannelWithDiscordsReason(int code, string reason)
    {
        _fake.ForbiddenChannels["1"] = code;

        var parked = Assert.IsType<DeliveryOutcome.Parked>(await SendAsync("1"));

        Assert.Equal(ParkScope.Channel, parked.Scope);
        Assert.Contains($"403 {reason} (code {code})", parked.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_UnknownChannel_FailedForTheWholeChannel()
    {
        _fake.GoneChannels["1"] = true;

        var failed = Assert.IsType<DeliveryOutcome.Failed>(await SendAsync("1"));

        Assert.True(failed.WholeChannel);
        Assert.Contains("Unknown Channel", failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_RateLimited_DeferredForRetryAfter()
    {
        _fake.RespondNext(429, retryAfter: 12.5);

        var deferred = Assert.IsType<DeliveryOutcome.Deferred>(await SendAsync("1"));

        Assert.Equal(TimeSpan.FromSeconds(12.5), deferred.After);
    }

    [Fact]
    public async Task Send_ServerError_Retry()
    {
        _fake.RespondNext(502);

        Assert.IsType<DeliveryOutcome.Retry>(await SendAsync("1"));
        Assert.Empty(_fake.Messages);
    }

    [Fact]
    public async Task Send_InvalidBody_FailedNotRetried()
    {
        _fake.RespondNext(400, code: 50035);

        var failed = Assert.IsType<DeliveryOutcome.Failed>(await SendAsync("1"));

        Assert.False(failed.WholeChannel);
    }

    [Fact]
    public async Task Update_SentAlert_PatchesThatMessage()
    {
        var sent = Assert.IsType<DeliveryOutcome.Sent>(await SendAsync("1"));

        var updated = await _client.Sink.UpdateAsync(DiscordClient.Entry("1", DiscordClient.Alert(1), messageId: sent.PlatformMessageId), Fixtures.Timeout());

        Assert.Equal(sent, updated);
        var patch = Assert.Single(_fake.CallsTo("PATCH", $"/channels/1/messages/{sent.PlatformMessageId}"));
        Assert.Null(patch.Json["nonce"]);
        Assert.Empty(patch.Json["allowed_mentions"]!["parse"]!.AsArray());
    }

    [Fact]
    public async Task Update_MessageDeleted_FailedForThatPostOnly()
    {
        var failed = Assert.IsType<DeliveryOutcome.Failed>(await _client.Sink.UpdateAsync(DiscordClient.Entry("1", DiscordClient.Alert(1), messageId: "12345"), Fixtures.Timeout()));

        Assert.False(failed.WholeChannel);
    }

    private Task<DeliveryOutcome> SendAsync(string channel) =>
        _client.Sink.SendAsync(DiscordClient.Entry(channel, DiscordClient.Alert(1)), Fixtures.Timeout());
}
