using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

/// <summary>Per-channel order of sends, deferral, parking and resuming, and failing a whole channel.</summary>
public abstract class ParkingTests : OutboxStoreTest
{
    private static readonly ChannelKey SlackA = new("slack", "T1", "CA");
    private static readonly ChannelKey SlackB = new("slack", "T1", "CB");
    private static readonly ChannelKey Discord = new("discord", "G1", "D1");
    private static readonly TimeSpan Probe = TimeSpan.FromMinutes(5);

    [StoreFact]
    public async Task ClaimDueAsync_OlderSendOfTheChannelNotDueYet_NewerOneWaits()
    {
        var ids = await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Items(2));
        var first = (await Store.ClaimDueAsync(Owner, Now, Lease, 1, Ct)).Single();
        await Store.MarkRetryAsync(first.Ref, Owner, Now + TimeSpan.FromMinutes(1), "HTTP 503", Ct);

        var claimed = await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct);
        Clock.Advance(TimeSpan.FromMinutes(1));
        var later = await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct);

        Assert.Empty(claimed);
        Assert.Equal(ids, later.Select(c => c.Post.PostId));
    }

    [StoreFact]
    public async Task ClaimDueAsync_OlderSendOfAnotherChannelWaits_ThisChannelGoesOn()
    {
        var other = await StoreTestData.ConsoleChannelAsync(Channels, "other");
        await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Item("2025-00001"));
        var otherId = (await StoreTestData.EnqueueAsync(Items, other, StoreTestData.Item("2025-00002")))[0];
        var first = (await Store.ClaimDueAsync(Owner, Now, Lease, 1, Ct)).Single();
        await Store.MarkRetryAsync(first.Ref, Owner, Now + TimeSpan.FromMinutes(1), "HTTP 503", Ct);

        var claimed = await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct);

        Assert.Equal(new[] { otherId }, claimed.Select(c => c.Post.PostId));
    }

    [StoreFact]
    public async Task ClaimDueAsync_MutedAlertOlderThanAPendingOne_DoesNotHoldItBack()
    {
        var (_, alertIds) = await StoreTestData.FloodAsync(Items, Channel, 2);
        var pending = (await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Item("2025-00009")))[0];

        var claimed = await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct);

        Assert.Contains(pending, claimed.Select(c => c.Post.PostId));
        Assert.DoesNotContain(alertIds[0], claimed.Select(c => c.Post.PostId));
    }

    [StoreFact]
    public async Task MarkDeferredAsync_GivesTheAttemptBack()
    {
        await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Item());
        var first = (await Store.ClaimDueAsync(Owner, Now, Lease, 1, Ct)).Single();
        await Store.MarkDeferredAsync(first.Ref, Owner, Now + TimeSpan.FromSeconds(3), "rate limited", Ct);

        var early = await Store.ClaimDueAsync(Owner, Now, Lease, 1, Ct);
        Clock.Advance(TimeSpan.FromSeconds(3));
        var again = (await Store.ClaimDueAsync(Owner, Now, Lease, 1, Ct)).Single();

        Assert.Empty(early);
        Assert.Equal(1, again.Attempts);
    }

    [StoreFact]
    public async Task MarkParkedAsync_Send_CountsParkedWithTheReasonAndProbesLater()
    {
        var channel = await Channels.EnsureChannelAsync(SlackA, "#export-controls", Ct);
        await StoreTestData.EnqueueAsync(Items, channel, StoreTestData.Item());
        var entry = (await Store.ClaimDueAsync(Owner, Now, Lease, 1, Ct)).Single();

        await Store.MarkParkedAsync(entry.Ref, Owner, ParkScope.Channel, Now + Probe, "not_in_channel: invite the bot", Ct);

        Assert.Equal(1, (await Store.GetOutboxCountsAsync(Ct)).Parked);
        var parked = Assert.Single(await Store.GetParkedAsync(Ct));
        Assert.Equal(new ParkedPosts(SlackA, "#export-controls", "not_in_channel: invite the bot", 1, Now + Probe), parked);
        Assert.Empty(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct));
        Assert.Equal(Now + Probe, await Store.GetNextDueAsync(Ct));
        Clock.Advance(Probe);
        Assert.Equal(2, Assert.Single(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct)).Attempts);
    }

    [StoreFact]
    public async Task MarkSentAsync_ParkedSendProbedAndDelivered_BecomesSent()
    {
        var channel = await Channels.EnsureChannelAsync(SlackA, "#a", Ct);
        await StoreTestData.EnqueueAsync(Items, channel, StoreTestData.Item());
        var entry = (await Store.ClaimDueAsync(Owner, Now, Lease, 1, Ct)).Single();
        await Store.MarkParkedAsync(entry.Ref, Owner, ParkScope.Platform, Now + Probe, "invalid_auth", Ct);
        Clock.Advance(Probe);
        var probe = (await Store.ClaimDueAsync(Owner, Now, Lease, 1, Ct)).Single();

        await Store.MarkSentAsync(probe.Ref, Owner, "1700000000.000100", Now, Ct);

        Assert.Equal(new OutboxCounts(0, 1, 0, 0, 0), await Store.GetOutboxCountsAsync(Ct));
        Assert.Empty(await Store.GetParkedAsync(Ct));
    }

    [StoreFact]
    public async Task ParkPendingAsync_Channel_ParksOnlyThatChannel()
    {
        var a = await Channels.EnsureChannelAsync(SlackA, "#a", Ct);
        var b = await Channels.EnsureChannelAsync(SlackB, "#b", Ct);
        await StoreTestData.EnqueueAsync(Items, a, StoreTestData.Items(2));
        await StoreTestData.EnqueueAsync(Items, b, StoreTestData.Item("2025-00003"));

        var parked = await Store.ParkPendingAsync(SlackA, ParkScope.Channel, Now + Probe, "not_in_channel", Now, Ct);

        Assert.Equal(2, parked);
        var claimed = await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct);
        Assert.Equal(SlackB, Assert.Single(claimed).Channel);
    }

    [StoreFact]
    public async Task ParkPendingAsync_Platform_ParksEveryChannelOfThePlatformOnly()
    {
        var a = await Channels.EnsureChannelAsync(SlackA, "#a", Ct);
        var b = await Channels.EnsureChannelAsync(SlackB, "#b", Ct);
        var d = await Channels.EnsureChannelAsync(Discord, "#d", Ct);
        await StoreTestData.EnqueueAsync(Items, a, StoreTestData.Item("2025-00001"));
        await StoreTestData.EnqueueAsync(Items, b, StoreTestData.Item("2025-00002"));
        await StoreTestData.EnqueueAsync(Items, d, StoreTestData.Item("2025-00003"));
        await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Item("2025-00004"));

        var parked = await Store.ParkPendingAsync(SlackA, ParkScope.Platform, Now + Probe, "invalid_auth", Now, Ct);

        Assert.Equal(2, parked);
        var claimed = await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct);
        Assert.Equal(new[] { "discord", "console" }.Order(), claimed.Select(c => c.Channel.Platform).Order());
    }

    [StoreFact]
    public async Task ParkPendingAsync_LeasedByAnotherWorker_LeavesItAlone()
    {
        var a = await Channels.EnsureChannelAsync(SlackA, "#a", Ct);
        await StoreTestData.EnqueueAsync(Items, a, StoreTestData.Item());
        await Store.ClaimDueAsync("worker-b", Now, Lease, 10, Ct);

        Assert.Equal(0, await Store.ParkPendingAsync(SlackA, ParkScope.Channel, Now + Probe, "not_in_channel", Now, Ct));
    }

    [StoreFact]
    public async Task ResumeParkedAsync_Channel_ResumesThatChannelsPostsButNotPlatformParkings()
    {
        var a = await Channels.EnsureChannelAsync(SlackA, "#a", Ct);
        var b = await Channels.EnsureChannelAsync(SlackB, "#b", Ct);
        var ids = await StoreTestData.EnqueueAsync(Items, a, StoreTestData.Items(2));
        await StoreTestData.EnqueueAsync(Items, b, StoreTestData.Item("2025-00003"));
        await Store.ParkPendingAsync(SlackA, ParkScope.Channel, Now + Probe, "not_in_channel", Now, Ct);
        await Store.ParkPendingAsync(SlackB, ParkScope.Platform, Now + Probe, "invalid_auth", Now, Ct);

        var resumed = await Store.ResumeParkedAsync(SlackA, ParkScope.Channel, Now, Ct);

        Assert.Equal(2, resumed);
        Assert.Equal(ids, (await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct)).Select(c => c.Post.PostId));
        Assert.Equal(1, (await Store.GetOutboxCountsAsync(Ct)).Parked);
    }

    [StoreFact]
    public async Task ResumeParkedAsync_Platform_AlsoResumesOtherChannelsParkedForThePlatform()
    {
        var a = await Channels.EnsureChannelAsync(SlackA, "#a", Ct);
        var b = await Channels.EnsureChannelAsync(SlackB, "#b", Ct);
        await StoreTestData.EnqueueAsync(Items, a, StoreTestData.Item("2025-00001"));
        await StoreTestData.EnqueueAsync(Items, b, StoreTestData.Items(2));
        await Store.ParkPendingAsync(SlackB, ParkScope.Platform, Now + Probe, "invalid_auth", Now, Ct);
        var c = await Channels.EnsureChannelAsync(new ChannelKey("slack", "T1", "CC"), "#c", Ct);
        await StoreTestData.EnqueueAsync(Items, c, StoreTestData.Item("2025-00009"));
        await Store.ParkPendingAsync(new ChannelKey("slack", "T1", "CC"), ParkScope.Channel, Now + Probe, "not_in_channel", Now, Ct);

        var resumed = await Store.ResumeParkedAsync(SlackA, ParkScope.Platform, Now, Ct);

        Assert.Equal(3, resumed);
        var left = Assert.Single(await Store.GetParkedAsync(Ct));
        Assert.Equal("not_in_channel", left.Reason);
    }

    [StoreFact]
    public async Task FailUnsentAsync_FailsTheChannelsPendingParkedAndDigestsButNothingElse()
    {
        var a = await Channels.EnsureChannelAsync(SlackA, "#a", Ct);
        var b = await Channels.EnsureChannelAsync(SlackB, "#b", Ct);
        await StoreTestData.EnqueueAsync(Items, a, StoreTestData.Item("2025-00001"));
        await Store.ParkPendingAsync(SlackA, ParkScope.Channel, Now + Probe, "not_in_channel", Now, Ct);
        await StoreTestData.FloodAsync(Items, a, 6);
        await StoreTestData.EnqueueAsync(Items, b, StoreTestData.Item("2025-00009"));

        var failed = await Store.FailUnsentAsync(SlackA, "channel_not_found", Now, Ct);

        Assert.Equal(2, failed);
        var counts = await Store.GetOutboxCountsAsync(Ct);
        Assert.Equal(new OutboxCounts(Pending: 1, Sent: 0, Failed: 7, Parked: 0, Muted: 0), counts);
    }
}

public sealed class SqliteParkingTests : ParkingTests;

public sealed class PostgresParkingTests : ParkingTests, IPostgresStoreTest;
