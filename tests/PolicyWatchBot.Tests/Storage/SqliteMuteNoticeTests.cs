using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

/// <summary>The notice a Mute rule / Mute feed button leaves on its alert, and the message update it queues.</summary>
public sealed class SqliteMuteNoticeTests : ChannelStoreTest
{
    [Fact]
    public async Task RecordMuteNoticeAsync_SentAlert_QueuesAnUpdateShowingTheNotice()
    {
        var id = (await StoreTestData.EnqueueAsync(Store, Channel, StoreTestData.Item()))[0];
        await StoreTestData.SendDueAsync(Store, Now);
        var notice = Notice();

        Assert.True(await Store.RecordMuteNoticeAsync(Channel, id.ToLowerInvariant(), notice, Ct));

        var entry = Assert.Single(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct));
        Assert.Equal(OutboxWork.Update, entry.Ref.Work);
        Assert.Equal(notice, Assert.IsType<AlertMessage>(entry.Post).MuteNotice);
    }

    [Fact]
    public async Task RecordMuteNoticeAsync_PendingAlert_NoUpdateAndTheSendShowsIt()
    {
        var id = (await StoreTestData.EnqueueAsync(Store, Channel, StoreTestData.Item()))[0];
        var notice = Notice();

        await Store.RecordMuteNoticeAsync(Channel, id, notice, Ct);

        var entry = Assert.Single(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct));
        Assert.Equal(OutboxWork.Send, entry.Ref.Work);
        Assert.Equal(notice, Assert.IsType<AlertMessage>(entry.Post).MuteNotice);
        Assert.Equal(notice, (await Store.FindAlertAsync(Channel, id, Ct))!.Message.MuteNotice);
    }

    [Fact]
    public async Task RecordMuteNoticeAsync_AnotherChannelsAlert_FalseAndNothingRecorded()
    {
        var other = await StoreTestData.ConsoleChannelAsync(Store, "other");
        var id = (await StoreTestData.EnqueueAsync(Store, other, StoreTestData.Item()))[0];

        Assert.False(await Store.RecordMuteNoticeAsync(Channel, id, Notice(), Ct));
        Assert.Null((await Store.FindAlertAsync(other, id, Ct))!.Message.MuteNotice);
    }

    private MuteNotice Notice() => new("rule ai-chips", StoreTestData.Ada, Now, Now + TimeSpan.FromHours(24));
}
