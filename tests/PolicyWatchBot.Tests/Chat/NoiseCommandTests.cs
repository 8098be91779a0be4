using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Replies;
using PolicyWatchBot.Core.Rules;

namespace PolicyWatchBot.Tests.Chat;

/// <summary>Urgent rules, their mentions and the flood threshold, as a channel sets them and as its alerts show them.</summary>
public sealed class NoiseCommandTests : ConversationTest
{
    private const string Bis = "agency:\"industry and security\"";

    [Fact]
    public async Task RuleAddUrgent_SavedUrgentAnnouncedAndAudited()
    {
        var reply = await SayAsync($"rule add bis --urgent {Bis}");

        Assert.Equal($"@alice added urgent rule bis: {Bis}", reply.ToString());
        Assert.True(Assert.Single(await RulesAsync()).Urgent);
        Assert.Equal($"bis: {Bis} (urgent)", Assert.Single(await AuditAsync()).After);
    }

    [Fact]
    public async Task RuleUrgent_OnThenOnAgainThenOff_ChangesAndAuditsOnlyRealChanges()
    {
        await SayAsync($"rule add bis {Bis}");

        var on = await SayAsync("rule urgent bis on");
        var again = await SayAsync("rule urgent bis on");
        var off = await SayAsync("rule urgent bis off");

        Assert.Equal((ReplyVisibility.Channel, ReplyVisibility.Ephemeral, ReplyVisibility.Channel), (on.Visibility, again.Visibility, off.Visibility));
        Assert.Contains("is urgent already; nothing changed", again.ToString(), StringComparison.Ordinal);
        Assert.False(Assert.Single(await RulesAsync()).Urgent);
        var audit = (await AuditAsync()).Where(a => a.Action == "rule urgent").Select(a => (a.Before, a.After)).ToList();
        Assert.Equal([("bis: urgent", "bis: not urgent"), ("bis: not urgent", "bis: urgent")], audit);
    }

    [Fact]
    public async Task RuleUrgent_NoSuchRule_RefusedWithTheClosestName()
    {
        await SayAsync($"rule add bis {Bis}");

        var reply = await SayAsync("rule urgent bsi on");

        Assert.Equal(ReplyOutcome.Invalid, reply.Outcome);
        Assert.Contains("did you mean bis?", reply.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RuleNotify_ConsoleName_StoredAuditedAndListedAndANonUrgentRuleSaysItPingsNobodyYet()
    {
        await SayAsync($"rule add bis {Bis}");

        var reply = await SayAsync("rule notify bis @legal");
        var rules = await SayAsync("rules");

        Assert.Equal(new Mention(MentionKind.User, "legal"), Assert.Single(await RulesAsync()).Notify);
        Assert.Contains("pings nobody until", reply.ToString(), StringComparison.Ordinal);
        Assert.Contains("pings user legal", rules.ToString(), StringComparison.Ordinal);
        Assert.Equal(("bis: nobody", "bis: user legal"), (await AuditAsync()).Where(a => a.Action == "rule notify").Select(a => (a.Before, a.After)).Single());
    }

    [Fact]
    public async Task RuleNotify_Everyone_RefusedAndNothingChanges()
    {
        await SayAsync($"rule add bis {Bis}");

        var reply = await SayAsync("rule notify bis @everyone");

        Assert.Equal(ReplyOutcome.Invalid, reply.Outcome);
        Assert.Contains("would ping the whole channel", reply.ToString(), StringComparison.Ordinal);
        Assert.Null(Assert.Single(await RulesAsync()).Notify);
    }

    [Theory]
    [InlineData("rule urgent bis on")]
    [InlineData("rule notify bis @legal")]
    [InlineData("flood 10")]
    public async Task NoiseVerbs_NotAManager_Refused(string text)
    {
        await SayAsync($"rule add bis {Bis}");

        var reply = await SayAsync(text, Bob);

        Assert.Equal(ReplyOutcome.Refused, reply.Outcome);
        Assert.Equal([new RuleDefinition("bis", Bis)], await RulesAsync());
    }

    [Fact]
    public async Task Flood_LowThreshold_APollAboveItIsGroupedButUrgentAlertsAreNot()
    {
        await SayAsync("subscribe fr-bis");
        var set = await SayAsync("flood 2");
        await PollAsync("fr-bis");
        await DeliverAsync();
        var grouped = Host.Console.ToString();

        Assert.Contains("set flood grouping to 2", set.ToString(), StringComparison.Ordinal);
        Assert.Contains($"{BisDocuments.Length} alerts from one poll, grouped", grouped, StringComparison.Ordinal);
        Assert.Equal(("5", "2"), (await AuditAsync()).Where(a => a.Action == "flood").Select(a => (a.Before!, a.After!)).Single());
    }

    [Fact]
    public async Task UrgentRule_ItsAlertsMarkedAndNeverGroupedWhateverTheThreshold()
    {
        await SayAsync("subscribe fr-bis");
        await SayAsync("flood 1");
        await SayAsync($"rule add bis --urgent {Bis}");
        await SayAsync("rule notify bis @legal");

        await PollAsync("fr-bis");
        await DeliverAsync();
        var output = Host.Console.ToString();

        Assert.DoesNotContain("grouped", output, StringComparison.Ordinal);
        Assert.Equal(BisDocuments.Length, Occurrences(output, "   !! URGENT: rule bis is urgent · notify @legal"));
    }

    private static int Occurrences(string text, string value) => text.Split(value).Length - 1;
}
