using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Mutes;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Storage.Postgres;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

/// <summary>Mutes: active until they end or run out, then lapsed until their held alerts are settled. Run against SQLite and PostgreSQL.</summary>
public abstract class MuteStoreTests : ConsoleChannelStoreTest<IMuteStore>
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    [StoreFact]
    public async Task AddMuteAsync_New_ReturnsNullAndIsActiveAsWritten()
    {
        Assert.Null(await Store.AddMuteAsync(Channel, MuteTarget.Rule("ai-chips"), Now + Day, StoreTestData.Ada, Ct));

        var mute = Assert.Single(await Store.GetActiveMutesAsync(Channel, Ct));
        Assert.Equal((MuteTarget.Rule("ai-chips"), Now + Day, Now, StoreTestData.Ada), (mute.Target, mute.Until, mute.CreatedAt, mute.CreatedBy));
    }

    [StoreFact]
    public async Task AddMuteAsync_Channel_ReadsBackAsTheChannelTarget()
    {
        await Store.AddMuteAsync(Channel, MuteTarget.Channel, Now + Day, StoreTestData.Ada, Ct);

        Assert.Equal(MuteTarget.Channel, Assert.Single(await Store.GetActiveMutesAsync(Channel, Ct)).Target);
    }

    [StoreFact]
    public async Task AddMuteAsync_SameTargetInOtherCase_ReplacesAndReturnsTheOldMute()
    {
        await Store.AddMuteAsync(Channel, MuteTarget.Feed("fr-bis"), Now + Day, StoreTestData.Ada, Ct);

        var replaced = await Store.AddMuteAsync(Channel, MuteTarget.Feed("FR-BIS"), Now + 7 * Day, StoreTestData.Bob, Ct);

        Assert.Equal((Now + Day, StoreTestData.Ada), (replaced!.Until, replaced.CreatedBy));
        Assert.Equal(Now + 7 * Day, Assert.Single(await Store.GetActiveMutesAsync(Channel, Ct)).Until);
    }

    [StoreFact]
    public async Task AddMuteAsync_Replacing_DoesNotLeaveTheOldMuteLapsed()
    {
        await Store.AddMuteAsync(Channel, MuteTarget.Channel, Now + Day, StoreTestData.Ada, Ct);

        await Store.AddMuteAsync(Channel, MuteTarget.Channel, Now + 2 * Day, StoreTestData.Ada, Ct);

        Assert.Empty(await Store.GetLapsedMutesAsync(Ct));
    }

    [StoreFact]
    public async Task AddMuteAsync_OtherTarget_KeepsBoth()
    {
        await Store.AddMuteAsync(Channel, MuteTarget.Rule("chips"), Now + Day, StoreTestData.Ada, Ct);

        Assert.Null(await Store.AddMuteAsync(Channel, MuteTarget.Feed("chips"), Now + Day, StoreTestData.Ada, Ct));
        Assert.Equal(2, (await Store.GetActiveMutesAsync(Channel, Ct)).Count);
    }

    [StoreFact]
    public async Task AddMutesAsync_SecondTargetFailsToWrite_NoneIsMuted()
    {
        await Database.FailAuditOfAsync("rule second %");

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            Store.AddMutesAsync(Channel, [MuteTarget.Rule("first"), MuteTarget.Rule("second")], Now + Day, StoreTestData.Ada, null, Ct));

        Assert.Empty(await Store.GetActiveMutesAsync(Channel, Ct));
    }

    [StoreFact]
    public async Task AddMutesAsync_Several_EachMutedAndTheReplacedOnesReturned()
    {
        await Store.AddMuteAsync(Channel, MuteTarget.Rule("second"), Now + Day, StoreTestData.Ada, Ct);

        var replaced = await Store.AddMutesAsync(Channel, [MuteTarget.Rule("first"), MuteTarget.Rule("second")], Now + 2 * Day, StoreTestData.Bob, null, Ct);

        Assert.Equal(MuteTarget.Rule("second"), Assert.Single(replaced).Target);
        Assert.Equal(["first", "second"], (await Store.GetActiveMutesAsync(Channel, Ct)).Select(m => m.Target.Name).Order(StringComparer.Ordinal));
    }

    [StoreFact]
    public async Task EndMuteAsync_Active_ReturnsItAndItIsNoLongerActive()
    {
        await Store.AddMuteAsync(Channel, MuteTarget.Rule("chips"), Now + Day, StoreTestData.Ada, Ct);

        var ended = await Store.EndMuteAsync(Channel, MuteTarget.Rule("Chips"), StoreTestData.Bob, Ct);

        Assert.Equal(MuteTarget.Rule("chips"), ended!.Target);
        Assert.Empty(await Store.GetActiveMutesAsync(Channel, Ct));
    }

    [StoreFact]
    public async Task EndMuteAsync_NotMuted_ReturnsNull()
    {
        await Store.AddMuteAsync(Channel, MuteTarget.Rule("chips"), Now + Day, StoreTestData.Ada, Ct);

        Assert.Null(await Store.EndMuteAsync(Channel, MuteTarget.Rule("ofac"), StoreTestData.Ada, Ct));
    }

    [StoreFact]
    public async Task EndMuteAsync_AlreadyRanOut_ReturnsNull()
    {
        await Store.AddMuteAsync(Channel, MuteTarget.Channel, Now + TimeSpan.FromHours(1), StoreTestData.Ada, Ct);
        Clock.Advance(TimeSpan.FromHours(1));

        Assert.Null(await Store.EndMuteAsync(Channel, MuteTarget.Channel, StoreTestData.Ada, Ct));
    }

    [StoreFact]
    public async Task GetActiveMutesAsync_UntilReached_ReturnsNothing()
    {
        await Store.AddMuteAsync(Channel, MuteTarget.Channel, Now + TimeSpan.FromHours(1), StoreTestData.Ada, Ct);

        Clock.Advance(TimeSpan.FromHours(1));

        Assert.Empty(await Store.GetActiveMutesAsync(Channel, Ct));
    }

    [StoreFact]
    public async Task GetLapsedMutesAsync_Active_ReturnsNothing()
    {
        await Store.AddMuteAsync(Channel, MuteTarget.Channel, Now + Day, StoreTestData.Ada, Ct);

        Assert.Empty(await Store.GetLapsedMutesAsync(Ct));
    }

    [StoreFact]
    public async Task GetLapsedMutesAsync_EndedByCommand_ListsItWithItsChannel()
    {
        await Store.AddMuteAsync(Channel, MuteTarget.Rule("chips"), Now + Day, StoreTestData.Ada, Ct);
        await Store.EndMuteAsync(Channel, MuteTarget.Rule("chips"), StoreTestData.Ada, Ct);

        var (channel, mute) = Assert.Single(await Store.GetLapsedMutesAsync(Ct));

        Assert.Equal((Channel, MuteTarget.Rule("chips")), (channel, mute.Target));
    }

    [StoreFact]
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

    [StoreFact]
    public async Task MarkMuteSettledAsync_Lapsed_IsNoLongerListed()
    {
        await Store.AddMuteAsync(Channel, MuteTarget.Channel, Now + TimeSpan.FromHours(1), StoreTestData.Ada, Ct);
        Clock.Advance(TimeSpan.FromHours(1));
        var (_, mute) = Assert.Single(await Store.GetLapsedMutesAsync(Ct));

        await Store.MarkMuteSettledAsync(mute.Id, Ct);

        Assert.Empty(await Store.GetLapsedMutesAsync(Ct));
    }

    [StoreFact]
    public async Task GetNextMuteEndAsync_SeveralActive_ReturnsTheEarliestUntil()
    {
        await Store.AddMuteAsync(Channel, MuteTarget.Rule("a"), Now + Day, StoreTestData.Ada, Ct);
        await Store.AddMuteAsync(Channel, MuteTarget.Rule("b"), Now + TimeSpan.FromHours(3), StoreTestData.Ada, Ct);

        Assert.Equal(Now + TimeSpan.FromHours(3), await Store.GetNextMuteEndAsync(Ct));
    }

    [StoreFact]
    public async Task GetNextMuteEndAsync_OnlyEndedOrRanOut_ReturnsNull()
    {
        await Store.AddMuteAsync(Channel, MuteTarget.Rule("a"), Now + Day, StoreTestData.Ada, Ct);
        await Store.AddMuteAsync(Channel, MuteTarget.Rule("b"), Now + TimeSpan.FromHours(1), StoreTestData.Ada, Ct);
        await Store.EndMuteAsync(Channel, MuteTarget.Rule("a"), StoreTestData.Ada, Ct);
        Clock.Advance(TimeSpan.FromHours(1));

        Assert.Null(await Store.GetNextMuteEndAsync(Ct));
    }

    [StoreFact]
    public async Task GetActiveMutesAsync_AnotherChannelsMute_IsNotReturned()
    {
        var other = await StoreTestData.ConsoleChannelAsync(StoreAs<IChannelStore>(), "other");
        await Store.AddMuteAsync(other, MuteTarget.Channel, Now + Day, StoreTestData.Ada, Ct);

        Assert.Empty(await Store.GetActiveMutesAsync(Channel, Ct));
    }

    [StoreFact]
    public async Task AddMutesAsync_WithTheNoticeOfThePressedAlert_RecordsItOnTheAlert()
    {
        var id = (await StoreTestData.EnqueueAsync(StoreAs<IItemStore>(), Channel, StoreTestData.Item()))[0];
        var notice = new MuteNotice("rule ai-chips", StoreTestData.Ada, Now, Now + Day);

        await Store.AddMutesAsync(Channel, [MuteTarget.Rule("ai-chips")], Now + Day, StoreTestData.Ada, (id, notice), Ct);

        Assert.Equal(notice, (await StoreAs<IAlertStore>().FindAlertAsync(Channel, id, Ct))!.Message.MuteNotice);
        Assert.Single(await Store.GetActiveMutesAsync(Channel, Ct));
    }

}

public sealed class SqliteMuteStoreTests : MuteStoreTests;

public sealed class PostgresMuteStoreTests : MuteStoreTests, IPostgresStoreTest
{
    [StoreFact]
    public async Task AddMuteAsync_InstancesMutingOneTargetAtOnce_OneActiveMuteAndTheOthersReplacedInTurn()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => ((PostgresTestStoreDatabase)Database).OpenInstance(Clock)).ToArray();

        var replaced = await Task.WhenAll(stores.Select((s, i) =>
            Task.Run(() => s.AddMuteAsync(Channel, MuteTarget.Feed(i % 2 == 0 ? "fr-bis" : "FR-BIS"), Now + TimeSpan.FromHours(i + 1), StoreTestData.Ada, Ct))));

        Assert.Single(await Store.GetActiveMutesAsync(Channel, Ct));
        Assert.Equal(3, replaced.Count(r => r is not null));
        Assert.Empty(await Store.GetLapsedMutesAsync(Ct));
        var audit = await StoreAs<IAuditStore>().GetRecentAuditAsync(Channel, 100, Ct);
        Assert.All(audit.Zip(audit.Skip(1)), pair => Assert.Equal(pair.Second.After, pair.First.Before));
    }

    [StoreFact]
    public async Task GetActiveMutesAsync_UntilWithTicks_ReadsBackInUtcToTheMicrosecond()
    {
        var until = Now.AddTicks(1_234_567).ToOffset(TimeSpan.FromHours(9));

        await Store.AddMuteAsync(Channel, MuteTarget.Channel, until, StoreTestData.Ada, Ct);

        var mute = Assert.Single(await Store.GetActiveMutesAsync(Channel, Ct));
        Assert.Equal((Now.AddTicks(1_234_560), TimeSpan.Zero), (mute.Until, mute.Until.Offset));
    }
}
