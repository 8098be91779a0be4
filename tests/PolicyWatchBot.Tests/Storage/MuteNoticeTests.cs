using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

/// <summary>The notice a Mute rule / Mute feed button leaves on its alert, and the message update it queues.</summary>
public abstract class MuteNoticeTests : OutboxStoreTest
{
    [StoreFact]
    public async Task RecordMuteNoticeAsync_SentAlert_QueuesAnUpdateShowingTheNotice()
    {
        var id = (await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Item()))[0];
        await StoreTestData.SendDueAsync(Store, Now);
        var notice = Notice();

        Assert.True(await Alerts.RecordMuteNoticeAsync(Channel, id.ToLowerInvariant(), notice, Ct));

        var entry = Assert.Single(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct));
        Assert.Equal(OutboxWork.Update, entry.Ref.Work);
        Assert.Equal(notice, Assert.IsType<AlertMessage>(entry.Post).MuteNotice);
    }

    [StoreFact]
    public async Task RecordMuteNoticeAsync_PendingAlert_NoUpdateAndTheSendShowsIt()
    {
        var id = (await StoreTestData.EnqueueAsync(Items, Channel, StoreTestData.Item()))[0];
        var notice = Notice();

        await Alerts.RecordMuteNoticeAsync(Channel, id, notice, Ct);

        var entry = Assert.Single(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct));
        Assert.Equal(OutboxWork.Send, entry.Ref.Work);
        Assert.Equal(notice, Assert.IsType<AlertMessage>(entry.Post).MuteNotice);
        Assert.Equal(notice, (await Alerts.FindAlertAsync(Channel, id, Ct))!.Message.MuteNotice);
    }

    [StoreFact]
    public async Task RecordMuteNoticeAsync_AnotherChannelsAlert_FalseAndNothingRecorded()
    {
        var other = await StoreTestData.ConsoleChannelAsync(Channels, "other");
        var id = (await StoreTestData.EnqueueAsync(Items, other, StoreTestData.Item()))[0];

        Assert.False(await Alerts.RecordMuteNoticeAsync(Channel, id, Notice(), Ct));
        Assert.Null((await Alerts.FindAlertAsync(other, id, Ct))!.Message.MuteNotice);
    }

    private MuteNotice Notice() => new("rule ai-chips", StoreTestData.Ada, Now, Now + TimeSpan.FromHours(24));
}

public sealed class SqliteMuteNoticeTests : MuteNoticeTests;

public sealed class PostgresMuteNoticeTests : MuteNoticeTests, IPostgresStoreTest;
