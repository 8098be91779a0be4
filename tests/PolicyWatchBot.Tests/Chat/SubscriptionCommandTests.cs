using PolicyWatchBot.Core.Replies;
using PolicyWatchBot.Tests.Storage;

namespace PolicyWatchBot.Tests.Chat;

/// <summary><c>feeds</c>, <c>subscribe</c>, <c>unsubscribe</c> and <c>subscriptions</c>.</summary>
public sealed class SubscriptionCommandTests : ConversationTest
{
    [Fact]
    public async Task Subscribe_FeedId_SubscribesTheChannel()
    {
        await SayAsync("subscribe fr-bis");

        Assert.Equal(["fr-bis"], await SubscriptionsAsync());
    }

    [Fact]
    public async Task Subscribe_FeedId_AnnouncedInTheChannelNamingWho()
    {
        var reply = await SayAsync("subscribe fr-bis");

        Assert.Equal((ReplyVisibility.Channel, ReplyOutcome.Done), (reply.Visibility, reply.Outcome));
        Assert.Equal("@alice subscribed this channel to fr-bis.", reply.Lines[0].ToString());
    }

    [Fact]
    public async Task Subscribe_FeedId_AuditedWithWhoAndTheTarget()
    {
        await SayAsync("subscribe fr-bis");

        var entry = Assert.Single(await AuditAsync());
        Assert.Equal(Alice.Actor, entry.Actor);
        Assert.Equal(("subscribe", null, "fr-bis"), (entry.Action, entry.Before, entry.After));
        Assert.Equal(Start, entry.At);
    }

    [Fact]
    public async Task Subscribe_ChannelHasNoRules_ReplyWarnsThatEveryItemIsPosted()
    {
        var reply = await SayAsync("subscribe fr-bis");

        Assert.Contains("no rules yet, so every new item of these feeds will be posted", reply.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_ChannelHasRules_NoWarning()
    {
        await SayAsync("rule add bis agency:\"industry and security\"");

        var reply = await SayAsync("subscribe fr-bis");

        Assert.Equal(2, reply.Lines.Count);
        Assert.DoesNotContain(reply.Lines, l => l.ToString().Contains("no rules yet", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Subscribe_FeedAlreadyPolled_SaysHowManyItemsItHoldsAndSuggestsRuleTest()
    {
        await PollAsync("fr-bis");

        var reply = await SayAsync("subscribe fr-bis");

        Assert.Matches(@"Alerts come for what changes from now on; the feed holds [1-9]\d* stored items? \(since \d{4}-\d{2}-\d{2}\): see what your rules would have caught with rule test --days 30 EXPRESSION\.", reply.Lines[^1].ToString());
    }

    [Fact]
    public async Task Subscribe_SeveralFeeds_EachSubscribedAndAudited()
    {
        await SayAsync("subscribe fr-bis, fr-ofac");

        Assert.Equal(["fr-bis", "fr-ofac"], await SubscriptionsAsync());
        Assert.Equal(["fr-ofac", "fr-bis"], (await AuditAsync()).Select(a => a.After));
    }

    [Fact]
    public async Task Subscribe_Tag_StoredAsTheTag()
    {
        var reply = await SayAsync("subscribe #Export-Controls");

        Assert.Equal(ReplyOutcome.Done, reply.Outcome);
        Assert.Equal(["#export-controls"], await SubscriptionsAsync());
        Assert.Equal("#export-controls", Assert.Single(await AuditAsync()).After);
    }

    [Fact]
    public async Task Subscribe_Tag_ChannelReceivesEveryFeedWithTheTag()
    {
        await SayAsync("subscribe #export-controls");
        var desk = await ChannelIdAsync();

        Assert.Contains(desk, await SubscriberIdsAsync("fr-bis"));
        Assert.Contains(desk, await SubscriberIdsAsync("fr-ofac"));
        Assert.DoesNotContain(desk, await SubscriberIdsAsync("arxiv-ai"));
    }

    [Fact]
    public async Task Subscribe_All_ChannelReceivesEveryFeed()
    {
        var reply = await SayAsync("subscribe all");
        var desk = await ChannelIdAsync();

        Assert.Equal(ReplyVisibility.Channel, reply.Visibility);
        Assert.Equal(["all"], await SubscriptionsAsync());
        foreach (var feed in Host.Catalog.Feeds)
        {
            Assert.Contains(desk, await SubscriberIdsAsync(feed.Id.Value));
        }
    }

    [Fact]
    public async Task Subscribe_AlreadySubscribed_EphemeralAndNothingChanged()
    {
        await SayAsync("subscribe fr-bis");
        var before = await StateAsync();

        var reply = await SayAsync("subscribe fr-bis");

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Done), (reply.Visibility, reply.Outcome));
        Assert.Contains("already subscribes to fr-bis; nothing changed", reply.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task Subscribe_OneAlreadySubscribed_AddsTheOtherAndSaysSo()
    {
        await SayAsync("subscribe fr-bis");

        var reply = await SayAsync("subscribe fr-bis fr-ofac");

        Assert.Equal("@alice subscribed this channel to fr-ofac (fr-bis already subscribed).", reply.Lines[0].ToString());
        Assert.Equal(2, (await AuditAsync()).Count);
    }

    [Fact]
    public async Task Subscribe_UnknownFeed_RefusedWithDidYouMean()
    {
        var before = await StateAsync();

        var reply = await SayAsync("subscribe fr-bsi");

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Invalid), (reply.Visibility, reply.Outcome));
        Assert.Equal("Unknown feed 'fr-bsi'; did you mean 'fr-bis'? Nothing changed.", reply.ToString());
        Assert.Equal(before, await StateAsync());
        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task Subscribe_UnknownFeedNothingLike_RefusedListingTheFeeds()
    {
        var reply = await SayAsync("subscribe zzzzzzzz");

        Assert.Equal(ReplyOutcome.Invalid, reply.Outcome);
        Assert.Contains("The feeds are: arxiv-ai, fr-bis, fr-ofac.", reply.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_OneUnknownAmongKnownFeeds_NothingSubscribed()
    {
        var reply = await SayAsync("subscribe fr-bis fr-ofca");

        Assert.Equal(ReplyOutcome.Invalid, reply.Outcome);
        Assert.Contains("did you mean 'fr-ofac'", reply.ToString(), StringComparison.Ordinal);
        Assert.Empty(await SubscriptionsAsync());
        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task Subscribe_UnknownTag_RefusedListingTheTags()
    {
        var reply = await SayAsync("subscribe #sanction");

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Invalid), (reply.Visibility, reply.Outcome));
        Assert.Equal("No feed has the tag '#sanction'. Tags: #export-controls, #research, #sanctions.", reply.ToString());
        Assert.Empty(await SubscriptionsAsync());
        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task Unsubscribe_SubscribedFeed_RemovedAndAnnounced()
    {
        await SayAsync("subscribe fr-bis fr-ofac");

        var reply = await SayAsync("unsubscribe fr-ofac");

        Assert.Equal(["fr-bis"], await SubscriptionsAsync());
        Assert.Equal((ReplyVisibility.Channel, ReplyOutcome.Done), (reply.Visibility, reply.Outcome));
        Assert.Equal("@alice unsubscribed this channel from fr-ofac.\nStill subscribed: fr-bis.", reply.ToString());
    }

    [Fact]
    public async Task Unsubscribe_SubscribedFeed_AuditedWithTheTargetBefore()
    {
        await SayAsync("subscribe fr-bis");

        await SayAsync("unsubscribe fr-bis", new(new("U7", "carol"), HasManageChannelsPermission: true));

        var entry = (await AuditAsync())[0];
        Assert.Equal(("U7", "carol"), (entry.Actor.UserId, entry.Actor.UserName));
        Assert.Equal(("unsubscribe", "fr-bis", null), (entry.Action, entry.Before, entry.After));
    }

    [Fact]
    public async Task Unsubscribe_LastFeed_ReplySaysTheChannelGetsNoAlerts()
    {
        await SayAsync("subscribe fr-bis");

        var reply = await SayAsync("unsubscribe fr-bis");

        Assert.Contains("now subscribes to no feed and will get no alerts", reply.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsubscribe_Tag_RemovesTheTag()
    {
        await SayAsync("subscribe #export-controls");

        var reply = await SayAsync("unsubscribe #export-controls");

        Assert.Equal(ReplyOutcome.Done, reply.Outcome);
        Assert.Empty(await SubscriptionsAsync());
        Assert.DoesNotContain(await ChannelIdAsync(), await SubscriberIdsAsync("fr-bis"));
    }

    [Fact]
    public async Task Unsubscribe_FeedThatComesThroughATag_RefusedNamingTheTag()
    {
        await SayAsync("subscribe #export-controls");
        var before = await StateAsync();

        var reply = await SayAsync("unsubscribe fr-bis");

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Invalid), (reply.Visibility, reply.Outcome));
        Assert.Equal("'fr-bis' comes through #export-controls; unsubscribe that instead. Nothing changed.", reply.ToString());
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task Unsubscribe_FeedThatComesThroughAll_RefusedNamingAll()
    {
        await SayAsync("subscribe all");

        var reply = await SayAsync("unsubscribe arxiv-ai");

        Assert.Equal(ReplyOutcome.Invalid, reply.Outcome);
        Assert.Contains("'arxiv-ai' comes through all", reply.ToString(), StringComparison.Ordinal);
        Assert.Equal(["all"], await SubscriptionsAsync());
    }

    [Fact]
    public async Task Unsubscribe_FeedNotSubscribed_RefusedListingTheSubscriptions()
    {
        await SayAsync("subscribe fr-bis");
        var before = await StateAsync();

        var reply = await SayAsync("unsubscribe fr-ofac");

        Assert.Equal(ReplyOutcome.Invalid, reply.Outcome);
        Assert.Equal("This channel does not subscribe to 'fr-ofac'; it subscribes to fr-bis. Nothing changed.", reply.ToString());
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task Unsubscribe_OneOfTwoNotSubscribed_NothingRemoved()
    {
        await SayAsync("subscribe fr-bis");

        var reply = await SayAsync("unsubscribe fr-bis fr-ofac");

        Assert.Equal(ReplyOutcome.Invalid, reply.Outcome);
        Assert.Equal(["fr-bis"], await SubscriptionsAsync());
        Assert.Single(await AuditAsync());
    }

    [Fact]
    public async Task Subscriptions_TargetsListedWithTitlesAndTagsExpanded()
    {
        await SayAsync("subscribe fr-bis #sanctions");

        var reply = await SayAsync("subscriptions");

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Done), (reply.Visibility, reply.Outcome));
        Assert.Equal("This channel subscribes to:\n• #sanctions (fr-ofac)\n• fr-bis Test feed fr-bis", reply.ToString());
    }

    [Fact]
    public async Task Subscriptions_None_EphemeralWithHowToSubscribe()
    {
        var reply = await SayAsync("subscriptions");

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Done), (reply.Visibility, reply.Outcome));
        Assert.StartsWith("This channel subscribes to no feed.", reply.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feeds_CatalogueWithScheduleTagsAndHealth()
    {
        await PollAsync("fr-bis");

        var reply = await SayAsync("feeds");

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Done), (reply.Visibility, reply.Outcome));
        var text = reply.ToString();
        Assert.StartsWith("3 feeds in the catalogue, by jurisdiction:\nUnited States (us): 2 feeds\n", text, StringComparison.Ordinal);
        Assert.Contains("• fr-bis Test feed fr-bis · every 1h · #export-controls · verified · healthy, last success 2024-02-01 09:00 UTC", text, StringComparison.Ordinal);
        Assert.EndsWith("(intl): 1 feed\n• arxiv-ai Test feed arxiv-ai · every 1h · #research · verified · not polled yet\nSubscribe with subscribe FEED, a #tag or all.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feeds_FailingFeed_ShowsTheLastError()
    {
        Server.Fail("/fr/ofac.json", 500);
        await PollAsync("fr-ofac");

        var reply = await SayAsync("feeds");

        var line = Assert.Single(reply.Lines, l => l.ToString().StartsWith("• fr-ofac", StringComparison.Ordinal)).ToString();
        Assert.Contains("failing (1 failure in a row, never succeeded): ", line, StringComparison.Ordinal);
        Assert.Contains("500", line, StringComparison.Ordinal);
    }

    private async Task<IEnumerable<long>> SubscriberIdsAsync(string feed) =>
        (await StoreTestData.SubscribersAsync(Store, Host.Feed(feed))).Select(s => s.ChannelId);
}
