using System.Diagnostics;
using PolicyWatchBot.Chat.Discord;
using PolicyWatchBot.Delivery;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Discord;

/// <summary>The REST client against a fake Discord: headers, rate-limit buckets, 429s (route and global), and refusals it does not repeat.</summary>
public sealed class DiscordApiTests : IAsyncLifetime
{
    private FakeDiscordServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeDiscordServer.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task CreateMessage_AnyCall_BotAuthorizationAndTheUserAgentDiscordAsksFor()
    {
        using var client = new DiscordClient(_fake);

        var result = await client.Api.CreateMessageAsync("1", DiscordClient.Text("hi"), Fixtures.Timeout());

        Assert.True(result.IsOk);
        Assert.NotNull(result.MessageId);
        var call = Assert.Single(_fake.Calls);
        Assert.Equal("Bot " + FakeDiscordServer.Token, call.Authorization);
        Assert.StartsWith("DiscordBot (", call.UserAgent, StringComparison.Ordinal);
        Assert.Equal("/api/v10/channels/1/messages", call.Path);
        Assert.Empty(call.Json["allowed_mentions"]!["parse"]!.AsArray());
    }

    [Fact]
    public async Task Send_BurstOfThirtyToOneChannel_BucketHeadersHonouredNoneLostOrDuplicated()
    {
        _fake.BucketLimit = 5;
        _fake.BucketWindow = TimeSpan.FromMilliseconds(200);
        using var client = new DiscordClient(_fake);
        var clock = Stopwatch.StartNew();

        var outcomes = new List<DeliveryOutcome>();
        for (var n = 0; n < 30; n++)
        {
            outcomes.Add(await client.Sink.SendAsync(DiscordClient.Entry("7", DiscordClient.Alert(n)), Fixtures.Timeout()));
        }

        Assert.All(outcomes, o => Assert.IsType<DeliveryOutcome.Sent>(o));
        Assert.Equal(0, _fake.BucketViolations);
        Assert.Equal(30, _fake.Messages.Count);
        Assert.Equal(30, _fake.Messages.Select(m => m.Body["nonce"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(30, outcomes.Cast<DeliveryOutcome.Sent>().Select(s => s.PlatformMessageId).Distinct().Count());
        // Six windows of five: at least five full waits, with a margin for timer granularity.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(5 * 200 * 0.8), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Call_Route429ShorterThanTheInlineWait_NextCallWaitsItOutThenGoes()
    {
        using var client = new DiscordClient(_fake);
        _fake.RespondNext(429, retryAfter: 0.4);

        var limited = await client.Api.CreateMessageAsync("1", DiscordClient.Text("a"), Fixtures.Timeout());
        var clock = Stopwatch.StartNew();
        var next = await client.Api.CreateMessageAsync("1", DiscordClient.Text("b"), Fixtures.Timeout());

        Assert.Equal(DiscordCallStatus.RateLimited, limited.Status);
        Assert.Equal(TimeSpan.FromSeconds(0.4), limited.RetryAfter);
        Assert.True(next.IsOk);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(300), $"waited {clock.Elapsed}");
    }

    [Fact]
    public async Task Call_Route429LongerThanTheInlineWait_LaterCallsAnsweredWithoutCallingOtherChannelsGo()
    {
        using var client = new DiscordClient(_fake);
        _fake.RespondNext(429, retryAfter: 30);

        await client.Api.CreateMessageAsync("1", DiscordClient.Text("a"), Fixtures.Timeout());
        var again = await client.Api.CreateMessageAsync("1", DiscordClient.Text("b"), Fixtures.Timeout());
        var other = await client.Api.CreateMessageAsync("2", DiscordClient.Text("c"), Fixtures.Timeout());

        Assert.Equal(DiscordCallStatus.RateLimited, again.Status);
        Assert.True(again.RetryAfter > TimeSpan.FromSeconds(25));
        Assert.True(other.IsOk);
        Assert.Equal(2, _fake.Calls.Count);
    }

    [Fact]
    public async Task Call_Global429_EveryChannelWaitsWithoutCalling()
    {
        using var client = new DiscordClient(_fake);
        _fake.RespondNext(429, retryAfter: 20, global: true);

        await client.Api.CreateMessageAsync("1", DiscordClient.Text("a"), Fixtures.Timeout());
        var other = await client.Api.CreateMessageAsync("2", DiscordClient.Text("b"), Fixtures.Timeout());

        Assert.Equal(DiscordCallStatus.RateLimited, other.Status);
        Assert.Single(_fake.Calls);
    }

    [Fact]
    public async Task Call_TokenRefused_TheTokenIsNotUsedAgainForTheHold()
    {
        using var client = new DiscordClient(_fake, ("BotToken", "revoked"));

        var first = await client.Api.CreateMessageAsync("1", DiscordClient.Text("a"), Fixtures.Timeout());
        var second = await client.Api.CreateMessageAsync("2", DiscordClient.Text("b"), Fixtures.Timeout());

        Assert.Equal(DiscordCallStatus.Unauthorized, first.Status);
        Assert.Equal(DiscordCallStatus.Unauthorized, second.Status);
        Assert.Single(_fake.Calls);
    }

    [Fact]
    public async Task Call_ChannelForbidden_ThatChannelHeldOthersCalled()
    {
        _fake.ForbiddenChannels["1"] = 50013;
        using var client = new DiscordClient(_fake);

        var first = await client.Api.CreateMessageAsync("1", DiscordClient.Text("a"), Fixtures.Timeout());
        var second = await client.Api.CreateMessageAsync("1", DiscordClient.Text("b"), Fixtures.Timeout());
        var other = await client.Api.CreateMessageAsync("2", DiscordClient.Text("c"), Fixtures.Timeout());

        Assert.Equal(DiscordCallStatus.Forbidden, first.Status);
        Assert.Equal(50013, first.ErrorCode);
        Assert.Equal(first, second);
        Assert.True(other.IsOk);
        Assert.Equal(2, _fake.Calls.Count);
    }

    [Fact]
    public async Task Call_SlowAnswer_UnreachableAfterTheTimeout()
    {
        using var client = new DiscordClient(_fake, ("Timeout", "00:00:01"));
        _fake.RespondNext(200, delay: TimeSpan.FromSeconds(5));

        var result = await client.Api.CreateMessageAsync("1", DiscordClient.Text("a"), Fixtures.Timeout());

        Assert.Equal(DiscordCallStatus.Unreachable, result.Status);
        Assert.Contains("no answer within 1 s", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverwriteCommands_Guild_PutToTheGuildRoute()
    {
        using var client = new DiscordClient(_fake);

        var result = await client.Api.OverwriteCommandsAsync("333", [DiscordCommandDefinition.Build(global: false)], Fixtures.Timeout());

        Assert.True(result.IsOk);
        Assert.Single(_fake.CallsTo("PUT", $"/applications/{FakeDiscordServer.ApplicationId}/guilds/333/commands"));
    }
}
