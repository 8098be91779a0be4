using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

/// <summary>Feed outages and their notices: opened and closed once, each notice an outbox post like an alert.</summary>
public sealed class SqliteFeedNoticeTests : ChannelStoreTest
{
    private static readonly FeedId Bis = new("fr-bis");

    [Fact]
    public async Task OpenOutageAsync_AlreadyOpen_ReturnsFalseAndQueuesNothingMore()
    {
        Assert.True(await Store.OpenOutageAsync(Bis, Failing(), [Channel], Ct));

        Assert.False(await Store.OpenOutageAsync(Bis, Failing() with { FailedPolls = 4 }, [Channel], Ct));

        var claimed = Assert.Single(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct));
        var notice = Assert.IsType<FeedHealthNotice>(claimed.Post);
        Assert.Equal(3, notice.FailedPolls);
        Assert.StartsWith(FeedHealthNotice.IdPrefix, notice.NoticeId, StringComparison.Ordinal);
        Assert.Equal(FeedHealthChange.Failing, (await Store.GetOpenOutageAsync(Bis, Ct))!.Cause);
    }

    [Fact]
    public async Task CloseOutageAsync_Open_TellsTheChannelsToldOfItOnce()
    {
        // A channel not told of the trouble is not told it is over.
        await Store.EnsureChannelAsync(ChannelKey.Console("later"), "#later", Ct);
        await Store.OpenOutageAsync(Bis, Failing(), [Channel], Ct);
        var recovered = new FeedHealthNotice { FeedId = Bis.Value, Change = FeedHealthChange.Recovered, At = Now, CaughtUp = 4 };

        Assert.Equal(1, await Store.CloseOutageAsync(Bis, recovered, [], Ct));
        Assert.Null(await Store.CloseOutageAsync(Bis, recovered, [], Ct));

        var claimed = await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct);
        Assert.Equal([FeedHealthChange.Failing, FeedHealthChange.Recovered], claimed.Select(c => ((FeedHealthNotice)c.Post).Change));
        Assert.All(claimed, c => Assert.Equal(ChannelKey.Console("alerts"), c.Channel));
        Assert.Null(await Store.GetOpenOutageAsync(Bis, Ct));
    }

    [Fact]
    public async Task CloseOutageAsync_SubscribersNow_ToldOnceEachAsWellAsTheChannelsToldOfIt()
    {
        // "later" subscribed during the outage (its subscribe reply said the feed was failing); Channel was told and is still subscribed.
        var later = await Store.EnsureChannelAsync(ChannelKey.Console("later"), "#later", Ct);
        await Store.OpenOutageAsync(Bis, Failing(), [Channel], Ct);
        var recovered = new FeedHealthNotice { FeedId = Bis.Value, Change = FeedHealthChange.Recovered, At = Now, CaughtUp = 4 };

        Assert.Equal(2, await Store.CloseOutageAsync(Bis, recovered, [Channel, later], Ct));

        var claimed = await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct);
        Assert.Equal(
            [(ChannelKey.Console("alerts"), FeedHealthChange.Failing), (ChannelKey.Console("alerts"), FeedHealthChange.Recovered), (ChannelKey.Console("later"), FeedHealthChange.Recovered)],
            claimed.Select(c => (c.Channel, ((FeedHealthNotice)c.Post).Change)).OrderBy(c => c.Channel.ToString(), StringComparer.Ordinal).ThenBy(c => c.Change));
    }

    [Fact]
    public async Task ClaimDueAsync_NoticeBehindAnOlderAlert_WaitsForItsChannelsTurn()
    {
        await StoreTestData.EnqueueAsync(Store, Channel, StoreTestData.Item());
        var first = Assert.Single(await Store.ClaimDueAsync(Owner, Now, Lease, 1, Ct));
        Clock.Advance(TimeSpan.FromSeconds(1));
        await Store.OpenOutageAsync(Bis, Failing() with { At = Now }, [Channel], Ct);

        Assert.Empty(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct));

        await Store.MarkSentAsync(first.Ref, Owner, null, Now, Ct);
        Assert.IsType<FeedHealthNotice>(Assert.Single(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct)).Post);
    }

    private FeedHealthNotice Failing() => new()
    {
        FeedId = Bis.Value,
        Change = FeedHealthChange.Failing,
        At = Now,
        Since = Now.AddHours(-3),
        FailedPolls = 3,
        Reason = "feed fr-bis: HTTP 503",
    };
}
