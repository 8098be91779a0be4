using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Mutes;
using PolicyWatchBot.Core.Replies;

namespace PolicyWatchBot.Tests.Chat;

/// <summary><c>mute</c>, <c>unmute</c>, <c>muted</c>, and the Mute rule / Mute feed buttons.</summary>
public sealed class MuteCommandTests : ConversationTest
{
    private const string Bis = "agency:\"industry and security\"";

    [Fact]
    public async Task MuteRule_NoDuration_Muted24Hours()
    {
        await SayAsync($"rule add bis {Bis}");

        await SayAsync("mute rule bis");

        var mute = Assert.Single(await MutesAsync());
        Assert.Equal((MuteTarget.Rule("bis"), Start.AddHours(24)), (mute.Target, mute.Until));
        Assert.Equal(Alice.Actor, mute.CreatedBy);
    }

    [Fact]
    public async Task MuteRule_NoDuration_AnnouncedWithWhoAndUntil()
    {
        await SayAsync($"rule add bis {Bis}");

        var reply = await SayAsync("mute rule BIS");

        Assert.Equal((ReplyVisibility.Channel, ReplyOutcome.Done), (reply.Visibility, reply.Outcome));
        Assert.Equal("@alice muted rule bis for 24h, until 2024-02-02 09:00 UTC.", reply.Lines[0].ToString());
        Assert.Contains("see muted", reply.Lines[1].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MuteRule_NoDuration_AuditedWithTheMuteAfter()
    {
        await SayAsync($"rule add bis {Bis}");

        await SayAsync("mute rule bis");

        var entry = (await AuditAsync())[0];
        Assert.Equal(Alice.Actor, entry.Actor);
        Assert.Equal(("mute", null, "rule bis until 2024-02-02 09:00Z"), (entry.Action, entry.Before, entry.After));
    }

    [Fact]
    public async Task MuteFeed_ExplicitHours_MutedThatLong()
    {
        await SayAsync("subscribe fr-bis");

        var reply = await SayAsync("mute feed fr-bis 8h");

        Assert.Equal("@alice muted feed fr-bis for 8h, until 2024-02-01 17:00 UTC.", reply.Lines[0].ToString());
        var mute = Assert.Single(await MutesAsync());
        Assert.Equal((MuteTarget.Feed("fr-bis"), Start.AddHours(8)), (mute.Target, mute.Until));
    }

    [Fact]
    public async Task MuteFeed_FeedReceivedThroughATag_Muted()
    {
        await SayAsync("subscribe #sanctions");

        var reply = await SayAsync("mute feed fr-ofac 7d");

        Assert.Equal(ReplyOutcome.Done, reply.Outcome);
        var mute = Assert.Single(await MutesAsync());
        Assert.Equal((MuteTarget.Feed("fr-ofac"), Start.AddDays(7)), (mute.Target, mute.Until));
    }

    [Fact]
    public async Task MuteChannel_Minutes_MutedThatLongAndAudited()
    {
        var reply = await SayAsync("mute channel 30m");

        Assert.Equal(ReplyVisibility.Channel, reply.Visibility);
        var mute = Assert.Single(await MutesAsync());
        Assert.Equal((MuteTarget.Channel, Start.AddMinutes(30)), (mute.Target, mute.Until));
        Assert.Equal("channel until 2024-02-01 09:30Z", Assert.Single(await AuditAsync()).After);
    }

    [Fact]
    public async Task Mute_SameTargetAlreadyMuted_ReplacesTheActiveMute()
    {
        await SayAsync("mute channel 8h");
        Clock.Advance(TimeSpan.FromHours(1));

        var reply = await SayAsync("mute channel 2h");

        Assert.Equal(Start.AddHours(3), Assert.Single(await MutesAsync()).Until);
        Assert.Equal("@alice muted channel for 2h, until 2024-02-01 12:00 UTC; this replaces the mute that ran until 2024-02-01 17:00 UTC.", reply.Lines[0].ToString());
    }

    [Fact]
    public async Task Mute_SameTargetAlreadyMuted_AuditedWithTheReplacedMuteBefore()
    {
        await SayAsync("mute channel 8h");
        Clock.Advance(TimeSpan.FromHours(1));

        await SayAsync("mute channel 2h");

        var entry = (await AuditAsync())[0];
        Assert.Equal(("mute", "channel until 2024-02-01 17:00Z", "channel until 2024-02-01 12:00Z"), (entry.Action, entry.Before, entry.After));
    }

    [Theory]
    [InlineData("mute channel 7x")]
    [InlineData("mute channel -1d")]
    [InlineData("mute rule bis 7x")]
    [InlineData("mute feed fr-bis -1d")]
    [InlineData("mute channel 91d")]
    [InlineData("mute channel 0h")]
    public async Task Mute_BadDuration_RefusedWithUsageAndNothingChanged(string text)
    {
        await SayAsync("subscribe fr-bis");
        await SayAsync($"rule add bis {Bis}");
        var before = await StateAsync();

        var reply = await SayAsync(text);

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Invalid), (reply.Visibility, reply.Outcome));
        Assert.Contains(text.Split(' ')[^1], reply.Lines[0].ToString(), StringComparison.Ordinal);
        Assert.Equal("usage: mute rule NAME|feed FEED|channel [DURATION]", reply.Lines[^1].ToString());
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task Mute_DurationUnderOneMinute_RefusedNothingChanged()
    {
        var before = await StateAsync();

        var reply = await SayAsync("mute channel 30s");

        Assert.Equal(ReplyOutcome.Invalid, reply.Outcome);
        Assert.StartsWith("A mute lasts from 1 minute to 90d; got 30s.", reply.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, await StateAsync());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(91)]
    public async Task Mute_DurationOutOfRangeFromDiscordOptions_RefusedNothingChanged(int days)
    {
        var before = await StateAsync();

        var reply = await RunAsync(new ChatCommand.Mute(MuteTarget.Channel, TimeSpan.FromDays(days)));

        Assert.Equal(ReplyOutcome.Invalid, reply.Outcome);
        Assert.StartsWith("A mute lasts from 1 minute to 90d;", reply.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task MuteRule_UnknownRule_RefusedWithDidYouMean()
    {
        await SayAsync($"rule add bis {Bis}");
        var before = await StateAsync();

        var reply = await SayAsync("mute rule bsi");

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Invalid), (reply.Visibility, reply.Outcome));
        Assert.Equal("This channel has no rule named bsi; did you mean bis? Nothing changed.", reply.ToString());
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task MuteRule_ChannelWithoutRules_RefusedSuggestingFeedOrChannel()
    {
        var reply = await SayAsync("mute rule bis");

        Assert.Equal(ReplyOutcome.Invalid, reply.Outcome);
        Assert.Contains("mute a feed or the channel instead", reply.ToString(), StringComparison.Ordinal);
        Assert.Empty(await MutesAsync());
    }

    [Fact]
    public async Task MuteFeed_UnknownFeed_RefusedWithDidYouMean()
    {
        await SayAsync("subscribe fr-bis");
        var before = await StateAsync();

        var reply = await SayAsync("mute feed fr-bsi");

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Invalid), (reply.Visibility, reply.Outcome));
        Assert.Equal("Unknown feed 'fr-bsi'; did you mean 'fr-bis'? Nothing changed.", reply.ToString());
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task MuteFeed_FeedTheChannelDoesNotReceive_Refused()
    {
        await SayAsync("subscribe fr-bis");
        var before = await StateAsync();

        var reply = await SayAsync("mute feed fr-ofac");

        Assert.Equal(ReplyOutcome.Invalid, reply.Outcome);
        Assert.Equal("This channel does not receive fr-ofac, so there is nothing to mute. Nothing changed.", reply.ToString());
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task Unmute_ActiveMute_EndedAndAnnounced()
    {
        await SayAsync("mute channel 8h");

        var reply = await SayAsync("unmute channel");

        Assert.Empty(await MutesAsync());
        Assert.Equal((ReplyVisibility.Channel, ReplyOutcome.Done), (reply.Visibility, reply.Outcome));
        Assert.Equal("@alice unmuted channel.\nIt held no alert back.", reply.ToString());
    }

    [Fact]
    public async Task Unmute_ActiveMute_AuditedWithTheMuteBefore()
    {
        await SayAsync("subscribe fr-bis");
        await SayAsync("mute feed fr-bis 8h");

        await SayAsync("unmute feed FR-BIS", Bob with { HasManageChannelsPermission = true });

        var entry = (await AuditAsync())[0];
        Assert.Equal(Bob.Actor, entry.Actor);
        Assert.Equal(("unmute", "feed fr-bis until 2024-02-01 17:00Z", null), (entry.Action, entry.Before, entry.After));
    }

    [Fact]
    public async Task Unmute_NothingMuted_RefusedNothingChanged()
    {
        var before = await StateAsync();

        var reply = await SayAsync("unmute channel");

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Invalid), (reply.Visibility, reply.Outcome));
        Assert.Equal("Channel is not muted; nothing in this channel is. Nothing changed.", reply.ToString());
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task Unmute_OtherTargetMuted_RefusedListingTheActiveMutes()
    {
        await SayAsync($"rule add bis {Bis}");
        await SayAsync("mute rule bis");

        var reply = await SayAsync("unmute channel");

        Assert.Equal(ReplyOutcome.Invalid, reply.Outcome);
        Assert.Equal("Channel is not muted; active mutes: rule bis. Nothing changed.", reply.ToString());
        Assert.Single(await MutesAsync());
    }

    [Fact]
    public async Task Unmute_MuteExpiredAlready_RefusedAsNotMuted()
    {
        await SayAsync("mute channel 30m");
        Clock.Advance(TimeSpan.FromMinutes(31));

        var reply = await SayAsync("unmute channel");

        Assert.Equal(ReplyOutcome.Invalid, reply.Outcome);
    }

    [Fact]
    public async Task Poll_RuleMuted_AlertsHeldNotQueued()
    {
        await MuteBisAndPollAsync();

        Assert.Equal(BisDocuments.Length, (await HeldAsync()).Count);
        var counts = await Store.GetOutboxCountsAsync(Ct);
        Assert.Equal((0L, (long)BisDocuments.Length), (counts.Backlog, counts.Muted));
    }

    [Fact]
    public async Task Unmute_MuteHeldAlerts_ReleasedAsOneDigest()
    {
        await MuteBisAndPollAsync();

        await SayAsync("unmute rule bis");

        Assert.Empty(await HeldAsync());
        var counts = await Store.GetOutboxCountsAsync(Ct);
        Assert.Equal((1L, 0L, (long)BisDocuments.Length, 0L), (counts.PendingDigests, counts.Pending, counts.Grouped, counts.Muted));
    }

    [Fact]
    public async Task Unmute_MuteHeldAlerts_ReplyNamesTheDigest()
    {
        await MuteBisAndPollAsync();
        var held = await HeldAsync();

        var reply = await SayAsync("unmute rule bis");

        var digestIds = new List<string?>();
        foreach (var alert in held)
        {
            digestIds.Add((await AlertAsync(alert.Message.AlertId)).DigestId);
        }

        var digestId = Assert.Single(digestIds.Distinct());
        Assert.StartsWith(AlertDigest.IdPrefix, digestId, StringComparison.Ordinal);
        Assert.Equal($"The 4 alerts it held back are posted now as one message ({digestId}).", reply.Lines[1].ToString());
    }

    [Fact]
    public async Task Unmute_MuteHeldAlerts_DigestDeliveredOnceWithEveryAlert()
    {
        await MuteBisAndPollAsync();
        var held = await HeldAsync();
        await SayAsync("unmute rule bis");

        await DeliverAsync();

        var output = Host.Console.ToString();
        Assert.Contains("Mute of rule bis ended: 4 alerts held back", output, StringComparison.Ordinal);
        Assert.All(held, a => Assert.Contains(a.Message.AlertId, output, StringComparison.Ordinal));
        Assert.Equal(BisDocuments.Length, (await Store.GetOutboxCountsAsync(Ct)).Sent);
    }

    [Fact]
    public async Task Unmute_AnotherMuteStillHoldsTheAlerts_AlertsStayHeld()
    {
        await MuteBisAndPollAsync(alsoMuteFeed: true);

        var reply = await SayAsync("unmute rule bis");

        Assert.Equal(BisDocuments.Length, (await HeldAsync()).Count);
        Assert.Equal(0, (await Store.GetOutboxCountsAsync(Ct)).PendingDigests);
        Assert.Equal("The 4 alerts it held back are still held by feed fr-bis.", reply.Lines[1].ToString());
    }

    [Fact]
    public async Task Muted_ActiveMutesAndHeldAlerts_Listed()
    {
        await MuteBisAndPollAsync();
        Clock.Advance(TimeSpan.FromHours(2));
        var held = await HeldAsync();

        var reply = await SayAsync("muted");

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Done), (reply.Visibility, reply.Outcome));
        var lines = reply.Lines.Select(l => l.ToString()).ToList();
        Assert.Equal("1 active mute:", lines[0]);
        Assert.Equal("• rule bis until 2024-02-02 09:00 UTC (22h left), by @alice", lines[1]);
        Assert.Equal("4 alerts held back:", lines[2]);
        Assert.Equal(held.Select(a => a.Message.AlertId), lines.Skip(3).Select(l => l[2..].Split(' ')[0]));
        Assert.All(lines.Skip(3), l => Assert.EndsWith(" · fr-bis · 2024-02-01 09:00 UTC", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Muted_MuteWithoutHeldAlerts_SaysNoneHeld()
    {
        await SayAsync("mute channel 8h");

        var reply = await SayAsync("muted");

        Assert.Equal("1 active mute:\n• channel until 2024-02-01 17:00 UTC (8h left), by @alice\nNo alert held back.", reply.ToString());
    }

    [Fact]
    public async Task Muted_NothingMuted_SaysSo()
    {
        var reply = await SayAsync("muted");

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Done), (reply.Visibility, reply.Outcome));
        Assert.Equal("Nothing is muted in this channel.", reply.ToString());
    }

    [Fact]
    public async Task MuteAlertRules_Button_MutesExactlyTheRulesThatMatchedTheAlert()
    {
        await SayAsync("rule add alpha export*");
        await SayAsync("rule add beta chips");
        await SayAsync("rule add gamma sanctions");
        var alertId = await EnqueueAlertAsync(["alpha", "beta"]);

        var reply = await PressAsync(AlertAction.MuteRule, alertId);

        Assert.Equal((ReplyVisibility.Channel, ReplyOutcome.Done), (reply.Visibility, reply.Outcome));
        Assert.Equal(
            [(MuteTarget.Rule("alpha"), Start.AddHours(24)), (MuteTarget.Rule("beta"), Start.AddHours(24))],
            (await MutesAsync()).Select(m => (m.Target, m.Until)));
        Assert.Equal($"@alice muted rules alpha, beta for 24h, until 2024-02-02 09:00 UTC (from {alertId}).", reply.Lines[0].ToString());
    }

    [Fact]
    public async Task MuteAlertRules_Button_AuditsOneMutePerRule()
    {
        await SayAsync("rule add alpha export*");
        await SayAsync("rule add beta chips");
        var alertId = await EnqueueAlertAsync(["alpha", "beta"]);

        await PressAsync(AlertAction.MuteRule, alertId);

        Assert.Equal(
            ["rule beta until 2024-02-02 09:00Z", "rule alpha until 2024-02-02 09:00Z"],
            (await AuditAsync()).Where(a => a.Action == "mute").Select(a => a.After));
    }

    [Fact]
    public async Task MuteAlertRules_OneMatchedRuleRemovedSince_MutesTheRemainingOne()
    {
        await SayAsync("rule add alpha export*");
        await SayAsync("rule add beta chips");
        var alertId = await EnqueueAlertAsync(["alpha", "beta"]);
        await SayAsync("rule remove alpha");

        await PressAsync(AlertAction.MuteRule, alertId);

        Assert.Equal(MuteTarget.Rule("beta"), Assert.Single(await MutesAsync()).Target);
    }

    [Fact]
    public async Task MuteAlertRules_AlertMatchedNoRule_RefusedNothingChanged()
    {
        var alertId = await EnqueueAlertAsync();
        var before = await StateAsync();

        var reply = await PressAsync(AlertAction.MuteRule, alertId);

        Assert.Equal(ReplyOutcome.Invalid, reply.Outcome);
        Assert.Equal($"{alertId} matched no rule (this channel had none), so there is no rule to mute; mute its feed instead. Nothing changed.", reply.ToString());
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task MuteAlertFeed_Button_MutesTheAlertsFeedFor24Hours()
    {
        await SayAsync("subscribe fr-bis fr-ofac");
        var alertId = await EnqueueAlertAsync(feed: "fr-ofac");

        var reply = await PressAsync(AlertAction.MuteFeed, alertId);

        Assert.Equal((ReplyVisibility.Channel, ReplyOutcome.Done), (reply.Visibility, reply.Outcome));
        var mute = Assert.Single(await MutesAsync());
        Assert.Equal((MuteTarget.Feed("fr-ofac"), Start.AddHours(24)), (mute.Target, mute.Until));
        Assert.Equal(("mute", "feed fr-ofac until 2024-02-02 09:00Z"), ((await AuditAsync())[0].Action, (await AuditAsync())[0].After));
    }

    [Fact]
    public async Task MuteAlertFeed_OtherChannelsAlert_RefusedNothingChanged()
    {
        var alertId = await EnqueueAlertAsync(channel: OtherDesk);
        var before = await StateAsync();

        var reply = await PressAsync(AlertAction.MuteFeed, alertId);

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Invalid), (reply.Visibility, reply.Outcome));
        Assert.Equal($"There is no alert {alertId} in this channel; each alert shows its id (like PW-3F9K). Nothing changed.", reply.ToString());
        Assert.Equal(before, await StateAsync());
        Assert.Empty(await MutesAsync(OtherDesk));
    }

    [Fact]
    public async Task MuteAlertRules_UnknownAlert_RefusedNothingChanged()
    {
        var before = await StateAsync();

        var reply = await PressAsync(AlertAction.MuteRule, AlertId.FromSequence(9999));

        Assert.Equal(ReplyOutcome.Invalid, reply.Outcome);
        Assert.Equal(before, await StateAsync());
    }

    private async Task MuteBisAndPollAsync(bool alsoMuteFeed = false)
    {
        await SayAsync("subscribe fr-bis");
        await SayAsync($"rule add bis {Bis}");
        await SayAsync("mute rule bis");
        if (alsoMuteFeed)
        {
            await SayAsync("mute feed fr-bis 2d");
        }

        await PollAsync("fr-bis");
    }

    /// <summary>Presses an alert's button: its payload parses to the command the handler runs.</summary>
    private Task<ChatReply> PressAsync(AlertAction action, string alertId)
    {
        Assert.True(ButtonPayload.TryParse(ButtonPayload.Format(action, alertId), out var command));
        return RunAsync(command);
    }
}
