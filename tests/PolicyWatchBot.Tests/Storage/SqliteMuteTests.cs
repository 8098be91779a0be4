using PolicyWatchBot.Core.Mutes;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

/// <summary>Mutes: active until they end or run out, then lapsed until their held alerts are settled.</summary>
public sealed class SqliteMuteTests : ChannelStoreTest
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    [Fact]
    public async Task AddMuteAsync_New_ReturnsNullAndIsActiveAsWritten()
    {
        Assert.Null(await Store.AddMuteAsync(Channel, MuteTarget.Rule("ai-chips"), Now + Day, StoreTestData.Ada, Ct));

        var mute = Assert.Single(await Store.GetActiveMutesAsync(Channel, Ct));
        Assert.Equal((MuteTarget.Rule("ai-chips"), Now + Day, Now, StoreTestData.Ada), (mute.Target, mute.Until, mute.CreatedAt, mute.CreatedBy));
    }

    [Fact]
    public async Task AddMuteAsync_Channel_ReadsBackAsTheChannelTarget()
    {
        await Store.AddMuteAsync(Channel, MuteTarget.Channel, Now + Day, StoreTestData.Ada, Ct);

        Assert.Equal(MuteTarget.Channel, Assert.Single(await Store.GetActiveMutesAsync(Channel, Ct)).Target);
    }

    [Fact]
    public async Task AddMuteAsync_SameTargetInOtherCase_ReplacesAndReturnsTheOldMute()
    {
        await Store.AddMuteAsync(Channel, MuteTarget.Feed("fr-bis"), Now + Day, StoreTestData.Ada, Ct);

        var replaced = await Store.AddMuteAsync(Channel, MuteTarget.Feed("FR-BIS"), Now + 7 * Day, StoreTestData.Bob, Ct);

        Assert.Equal((Now + Day, StoreTestData.Ada), (replaced!.Until, replaced.CreatedBy));
        Assert.Equal(Now + 7 * Day, Assert.Single(await Store.GetActiveMutesAsync(Channel, Ct)).Until);
    }

    [Fact]
    public async Task AddMuteAsync_Replacing_DoesNotLeaveTheOldMuteLapsed()
    {
        await Store.AddMuteAsync(Channel, MuteTarget.Channel, Now + Day, StoreTestData.Ada, Ct);

        await Store.AddMuteAsync(Channel, MuteTarget.Channel, Now + 2 * Day, StoreTestData.Ada, Ct);

        Assert.Empty(await Store.GetLapsedMutesAsync(Ct));
    }

    [Fact]
    public async Task AddMuteAsync_OtherTarget_KeepsBoth()
    {
        await Store.AddMuteAsync(Channel, MuteTarget.Rule("chips"), Now + Day, StoreTestData.Ada, Ct);

        Assert.Null(await Store.AddMuteAsync(Channel, MuteTarget.Feed("chips"), Now + Day, StoreTestData.Ada, Ct));
        Assert.Equal(2, (await Store.GetActiveMutesAsync(Channel, Ct)).Count);
    }

    [Fact]
    public async Task AddMutesAsync_SecondTargetFailsToWrite_NoneIsMuted()
    {
        await SqliteFaults.FailAuditOfAsync(Database.ConnectionString, "rule second %");

        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() =>
            Store.AddMutesAsync(Channel, [MuteTarget.Rule("first"), MuteTarget.Rule("second")], Now + Day, StoreTestData.Ada, null, Ct));

        Assert.Empty(await Store.GetActiveMutesAsync(Channel, Ct));
    }

    [Fact]
    public async Task AddMutesAsync_Several_EachMutedAndTheReplacedOnesReturned()
    {
        await Store.AddMuteAsync(Channel, MuteTarget.Rule("second"), Now + Day, StoreTestData.Ada, Ct);

        var replaced = await Store.AddMutesAsync(Channel, [MuteTarget.Rule("first"), MuteTarget.Rule("second")], Now + 2 * Day, StoreTestData.Bob, null, Ct);

        Assert.Equal(MuteTarget.Rule("second"), Assert.Single(replaced).Target);
        Assert.Equal(["first", "second"], (await Store.GetActiveMutesAsync(Channel, Ct)).Select(m => m.Target.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EndMuteAsync_Active_ReturnsItAndItIsNoLongerActive()
    {
        await Store.AddMuteAsync(Channel, MuteTarget.Rule("chips"), Now + Day, StoreTestData.Ada, Ct);

        var ended = await Store.EndMuteAsync(Channel, MuteTarget.Rule("Chips"), StoreTestData.Bob, Ct);

        Assert.Equal(MuteTarget.Rule("chips"), ended!.Target);
        Assert.Empty(await Store.GetActiveMutesAsync(Channel, Ct));
    }

    [Fact]
    public async Task EndMuteAsync_NotMuted_ReturnsNull()
    {
        await Store.AddMuteAsync(Channel, MuteTarget.Rule("chips"), Now + Day, StoreTestData.Ada, Ct);

        Assert.Null(await Store.EndMuteAsync(Channel, MuteTarget.Rule("ofac"), StoreTestData.Ada, Ct));
    }

    [Fact]
    public async Task EndMuteAsync_AlreadyRanOut_ReturnsNull()
    {
        await Store.AddMuteAsync(Channel, MuteTarget.Channel, Now + TimeSpan.FromHours(1), StoreTestData.Ada, Ct);
        Clock.Advance(TimeSpan.FromHours(1));

        Assert.Null(await Store.EndMuteAsync(Channel, MuteTarget.Channel, StoreTestData.Ada, Ct));
    }

    [Fact]
    public async Task GetActiveMutesAsync_UntilReached_ReturnsNothing()
    {
        await Store.AddMuteAsync(Channel, MuteTarget.Channel, Now + TimeSpan.FromHours(1), StoreTestData.Ada, Ct);

        Clock.Advance(TimeSpan.FromHours(1));

        Assert.Empty(await Store.GetActiveMutesAsync(Channel, Ct));
    }

    [Fact]
    public async Task GetLapsedMutesAsync_Active_ReturnsNothing()
    {
        await Store.AddMuteAsync(Channel, MuteTarget.Channel, Now + Day, StoreTestData.Ada, Ct);

        Assert.Empty(await Store.GetLapsedMutesAsync(Ct));
    }

    [Fact]
    public async Task GetLapsedMutesAsync_EndedByCommand_ListsItWithItsChannel()
    {
        await Store.AddMuteAsync(Channel, MuteTarget.Rule("chips"), Now + Day, StoreTestData.Ada, Ct);
        await Store.EndMuteAsync(Channel, MuteTarget.Rule("chips"), StoreTestData.Ada, Ct);

        var (channel, mute) = Assert.Single(await Store.GetLapsedMutesAsync(Ct));

        Assert.Equal((Channel, MuteTarget.Rule("chips")), (channel, mute.Target));
    }

    [Fact]
    public async Task GetLapsedMutesAsync_RanOutAndEnded_ListsOldestEndFirst()
    {
        await Store.AddMuteAsync(Channel, MuteTarget.Rule("late"), Now + TimeSpan.FromHours(2), StoreTestData.Ada, Ct);
        await Store.AddMuteAsync(Channel, MuteTarget.Rule("ended"), Now + Day, StoreTestData.Ada, Ct);
        await Store.AddMuteAsync(Channel, MuteTarget.Rule("early"), Now + TimeSpan.FromMinutes(30), StoreTestData.Ada, Ct);
        Clock.Advance(TimeSpan.FromHours(1));
        await Store.EndMuteAsync(Channel, MuteTarget.Rule("ended"), StoreTestData.Ada, Ct);
        Clock.Advance(TimeSpan.FromHours(2));

        var lapsed = await Store.GetLapsedMutesAsync(Ct);

        Assert.Equal(new[] { "early", "ended", "late" }, lapsed.Select(l => l.Mute.Target.Name));
    }

    [Fact]
    public async Task MarkMuteSettledAsync_Lapsed_IsNoLongerListed()
    {
        await Store.AddMuteAsync(Channel, MuteTarget.Channel, Now + TimeSpan.FromHours(1), StoreTestData.Ada, Ct);
        Clock.Advance(TimeSpan.FromHours(1));
        var (_, mute) = Assert.Single(await Store.GetLapsedMutesAsync(Ct));

        await Store.MarkMuteSettledAsync(mute.Id, Ct);

        Assert.Empty(await Store.GetLapsedMutesAsync(Ct));
    }

    [Fact]
    public async Task GetNextMuteEndAsync_SeveralActive_ReturnsTheEarliestUntil()
    {
        await Store.AddMuteAsync(Channel, MuteTarget.Rule("a"), Now + Day, StoreTestData.Ada, Ct);
        await Store.AddMuteAsync(Channel, MuteTarget.Rule("b"), Now + TimeSpan.FromHours(3), StoreTestData.Ada, Ct);

        Assert.Equal(Now + TimeSpan.FromHours(3), await Store.GetNextMuteEndAsync(Ct));
    }

    [Fact]
    public async Task GetNextMuteEndAsync_OnlyEndedOrRanOut_ReturnsNull()
    {
        await Store.AddMuteAsync(Channel, MuteTarget.Rule("a"), Now + Day, StoreTestData.Ada, Ct);
        await Store.AddMuteAsync(Channel, MuteTarget.Rule("b"), Now + TimeSpan.FromHours(1), StoreTestData.Ada, Ct);
        await Store.EndMuteAsync(Channel, MuteTarget.Rule("a"), StoreTestData.Ada, Ct);
        Clock.Advance(TimeSpan.FromHours(1));

        Assert.Null(await Store.GetNextMuteEndAsync(Ct));
    }

    [Fact]
    public async Task GetActiveMutesAsync_AnotherChannelsMute_IsNotReturned()
    {
        var other = await StoreTestData.ConsoleChannelAsync(Store, "other");
        await Store.AddMuteAsync(other, MuteTarget.Channel, Now + Day, StoreTestData.Ada, Ct);

        Assert.Empty(await Store.GetActiveMutesAsync(Channel, Ct));
    }
}
