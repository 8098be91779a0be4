using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Tests.Chat;

/// <summary>Posts parked until someone acts: shown in <c>status</c>, resumed by a command in their channel.</summary>
public sealed class ParkedPostsTests : ConversationTest
{
    private static readonly TimeSpan Probe = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Status_PostsParked_ListsChannelCountReasonAndNextTry()
    {
        await EnqueueAlertAsync(channel: OtherDesk);
        await EnqueueAlertAsync(channel: OtherDesk);
        await ParkAsync(OtherDesk, ParkScope.Channel, "not_in_channel: invite the bot with /invite @PolicyWatch");

        var reply = await SayAsync("status");

        var lines = reply.Lines.Select(l => l.ToString()).ToList();
        Assert.Contains("Outbox: 0 waiting to be sent, 0 held by mutes, 2 parked, 0 failed (all channels).", lines);
        Assert.Contains("• 2 parked for other (console): not_in_channel: invite the bot with /invite @PolicyWatch; next try 2024-02-01 09:05 UTC", lines);
    }

    [Fact]
    public async Task AnyCommand_InTheParkedChannel_MakesItsPostsDueNow()
    {
        await EnqueueAlertAsync();
        await ParkAsync(Desk, ParkScope.Channel, "not_in_channel");

        await SayAsync("help");

        Assert.Equal(0L, (await Store.GetOutboxCountsAsync(Ct)).Parked);
        Assert.Equal(Clock.GetUtcNow(), await Store.GetNextDueAsync(Ct));
    }

    [Fact]
    public async Task AnyCommand_InAnotherChannel_LeavesTheParkedAlone()
    {
        await EnqueueAlertAsync(channel: OtherDesk);
        await ParkAsync(OtherDesk, ParkScope.Channel, "not_in_channel");

        await SayAsync("help");

        Assert.Equal(1L, (await Store.GetOutboxCountsAsync(Ct)).Parked);
    }

    [Fact]
    public async Task AnyCommand_PlatformParkedForABadToken_StaysParked()
    {
        await EnqueueAlertAsync();
        await ParkAsync(Desk, ParkScope.Platform, "invalid_auth");

        await SayAsync("help");

        Assert.Equal(1L, (await Store.GetOutboxCountsAsync(Ct)).Parked);
    }

    private Task<int> ParkAsync(ChannelKey channel, ParkScope scope, string reason) =>
        Store.ParkPendingAsync(channel, scope, Clock.GetUtcNow() + Probe, reason, Clock.GetUtcNow(), Ct);
}
