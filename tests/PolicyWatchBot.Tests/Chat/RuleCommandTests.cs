using PolicyWatchBot.Chat;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Replies;
using PolicyWatchBot.Core.Rules;

namespace PolicyWatchBot.Tests.Chat;

/// <summary><c>rule add</c>, <c>rule edit</c>, <c>rule remove</c> and <c>rules</c>.</summary>
public sealed class RuleCommandTests : ConversationTest
{
    private const string Bis = "agency:\"industry and security\"";

    [Fact]
    public async Task RuleAdd_ValidExpression_Saved()
    {
        await SayAsync($"rule add bis {Bis}");

        Assert.Equal([new RuleDefinition("bis", Bis)], await RulesAsync());
    }

    [Fact]
    public async Task RuleAdd_ValidExpression_AnnouncedWithNameAndExpression()
    {
        var reply = await SayAsync($"rule add bis {Bis}");

        Assert.Equal((ReplyVisibility.Channel, ReplyOutcome.Done), (reply.Visibility, reply.Outcome));
        Assert.Equal($"@alice added rule bis: {Bis}", reply.ToString());
    }

    [Fact]
    public async Task RuleAdd_ValidExpression_AuditedWithNameAndExpressionAfter()
    {
        await SayAsync($"rule add bis {Bis}");

        var entry = Assert.Single(await AuditAsync());
        Assert.Equal(Alice.Actor, entry.Actor);
        Assert.Equal(("rule add", null, $"bis: {Bis}"), (entry.Action, entry.Before, entry.After));
    }

    [Fact]
    public async Task RuleAdd_MixedCaseName_StoredLowerCase()
    {
        await SayAsync("rule add AI-Chips semiconduct*");

        Assert.Equal("ai-chips", Assert.Single(await RulesAsync()).Name);
    }

    [Fact]
    public async Task RuleAdd_BadExpression_RefusedNamingTheColumn()
    {
        var reply = await SayAsync("rule add broken (export AND chips");

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Invalid), (reply.Visibility, reply.Outcome));
        Assert.StartsWith("Rule broken not saved: column ", reply.Lines[0].ToString(), StringComparison.Ordinal);
        Assert.Equal("(export AND chips", reply.Lines[1].ToString());
    }

    [Fact]
    public async Task RuleAdd_BadExpression_CaretUnderTheColumn()
    {
        var reply = await SayAsync("rule add broken export AND AND chips");

        var column = int.Parse(reply.Lines[0].ToString().Split("column ")[1].Split(':')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(12, column);
        Assert.Equal(new string(' ', column - 1) + "^", reply.Lines[2].ToString());
    }

    [Fact]
    public async Task RuleAdd_BadExpression_NothingSavedNorAudited()
    {
        await SayAsync("rule add broken (export AND chips");

        Assert.Empty(await RulesAsync());
        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task RuleAdd_UnknownField_RefusedNamingTheColumn()
    {
        var reply = await SayAsync("rule add broken chips OR colour:red");

        Assert.Equal(ReplyOutcome.Invalid, reply.Outcome);
        Assert.StartsWith("Rule broken not saved: column 10:", reply.Lines[0].ToString(), StringComparison.Ordinal);
        Assert.Empty(await RulesAsync());
    }

    [Fact]
    public async Task RuleAdd_DuplicateName_RefusedShowingTheExistingRule()
    {
        await SayAsync($"rule add bis {Bis}");
        var before = await StateAsync();

        var reply = await SayAsync("rule add bis export*");

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Invalid), (reply.Visibility, reply.Outcome));
        Assert.Equal($"This channel already has a rule named bis: {Bis}. Change it with rule edit bis EXPRESSION; nothing changed.", reply.ToString());
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task RuleAdd_DuplicateNameInOtherCase_Refused()
    {
        await SayAsync($"rule add bis {Bis}");

        var reply = await SayAsync("rule add BIS export*");

        Assert.Equal(ReplyOutcome.Invalid, reply.Outcome);
        Assert.Equal(Bis, Assert.Single(await RulesAsync()).Expression);
        Assert.Single(await AuditAsync());
    }

    [Fact]
    public async Task RuleAdd_SameNameInAnotherChannel_BothChannelsKeepTheirOwn()
    {
        await SayAsync("rule add bis export*", channel: OtherDesk);

        var reply = await SayAsync($"rule add bis {Bis}");

        Assert.Equal(ReplyOutcome.Done, reply.Outcome);
        Assert.Equal(Bis, Assert.Single(await RulesAsync()).Expression);
        Assert.Equal("export*", Assert.Single(await RulesAsync(OtherDesk)).Expression);
    }

    [Fact]
    public async Task RuleAdd_QuotedNameWithSpaces_RefusedSuggestingAHyphen()
    {
        var reply = await SayAsync("rule add \"AI chips\" semiconduct*");

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Invalid), (reply.Visibility, reply.Outcome));
        Assert.Contains("Rule names cannot contain spaces: use ai-chips", reply.Lines[0].ToString(), StringComparison.Ordinal);
        Assert.Empty(await RulesAsync());
        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task RuleAdd_NameWithSpacesFromDiscordOptions_RefusedWithUsage()
    {
        var reply = await RunAsync(new ChatCommand.RuleAdd("ai chips", "semiconduct*"));

        Assert.Equal(ReplyOutcome.Invalid, reply.Outcome);
        Assert.Equal("Rule names cannot contain spaces: use ai-chips; nothing changed.\nusage: rule add NAME [--urgent] EXPRESSION", reply.ToString());
        Assert.Empty(await RulesAsync());
        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task RuleAdd_EmptyExpressionFromDiscordOptions_Refused()
    {
        var reply = await RunAsync(new ChatCommand.RuleAdd("bis", "   "));

        Assert.Equal(ReplyOutcome.Invalid, reply.Outcome);
        Assert.StartsWith("Rule bis not saved: the expression is empty.", reply.ToString(), StringComparison.Ordinal);
        Assert.Empty(await RulesAsync());
    }

    [Fact]
    public async Task RuleAdd_ChannelAtTheRuleLimit_Refused()
    {
        var desk = await ChannelIdAsync();
        for (var i = 0; i < RuleCommands.MaxRulesPerChannel; i++)
        {
            await Store.AddRuleAsync(desk, new RuleDefinition($"r{i}", "export"), Actor.Configuration, Ct);
        }

        var reply = await SayAsync("rule add one-more chips");

        Assert.Equal(ReplyOutcome.Invalid, reply.Outcome);
        Assert.Contains("the most a channel may have", reply.ToString(), StringComparison.Ordinal);
        Assert.Equal(RuleCommands.MaxRulesPerChannel, (await RulesAsync()).Count);
    }

    [Fact]
    public async Task RuleEdit_ExistingRule_ExpressionReplaced()
    {
        await SayAsync("rule add bis export*");

        await SayAsync($"rule edit bis {Bis}");

        Assert.Equal(Bis, Assert.Single(await RulesAsync()).Expression);
    }

    [Fact]
    public async Task RuleEdit_ExistingRule_AnnouncedWithBeforeAndAfter()
    {
        await SayAsync("rule add bis export*");

        var reply = await SayAsync($"rule edit BIS {Bis}");

        Assert.Equal((ReplyVisibility.Channel, ReplyOutcome.Done), (reply.Visibility, reply.Outcome));
        Assert.Equal($"@alice changed rule bis:\nbefore: export*\nafter: {Bis}", reply.ToString());
    }

    [Fact]
    public async Task RuleEdit_ExistingRule_AuditedWithBeforeAndAfter()
    {
        await SayAsync("rule add bis export*");

        await SayAsync($"rule edit bis {Bis}");

        var entry = (await AuditAsync())[0];
        Assert.Equal(("rule edit", "bis: export*", $"bis: {Bis}"), (entry.Action, entry.Before, entry.After));
        Assert.Equal(Alice.Actor, entry.Actor);
    }

    [Fact]
    public async Task RuleEdit_SameExpression_EphemeralAndNothingChanged()
    {
        await SayAsync($"rule add bis {Bis}");
        var before = await StateAsync();

        var reply = await SayAsync($"rule edit bis {Bis}");

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Done), (reply.Visibility, reply.Outcome));
        Assert.Equal($"Rule bis already reads {Bis}; nothing changed.", reply.ToString());
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task RuleEdit_UnknownRule_RefusedWithDidYouMean()
    {
        await SayAsync($"rule add bis {Bis}");
        var before = await StateAsync();

        var reply = await SayAsync("rule edit bsi export*");

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Invalid), (reply.Visibility, reply.Outcome));
        Assert.Equal("This channel has no rule named bsi; did you mean bis? Nothing changed.", reply.ToString());
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task RuleEdit_NoRulesAtAll_RefusedSayingSo()
    {
        var reply = await SayAsync("rule edit bis export*");

        Assert.Equal(ReplyOutcome.Invalid, reply.Outcome);
        Assert.Equal("This channel has no rule named bis (it has no rules); nothing changed.", reply.ToString());
        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task RuleEdit_BadExpression_RefusedAndRuleUnchanged()
    {
        await SayAsync("rule add bis export*");
        var before = await StateAsync();

        var reply = await SayAsync("rule edit bis export NEAR/0 chips");

        Assert.Equal(ReplyOutcome.Invalid, reply.Outcome);
        Assert.StartsWith("Rule bis not saved: column ", reply.Lines[0].ToString(), StringComparison.Ordinal);
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task RuleEdit_NameWithSpacesFromDiscordOptions_RefusedWithTheRuleEditUsage()
    {
        await SayAsync("rule add ai-chips export*");
        var before = await StateAsync();

        var reply = await RunAsync(new ChatCommand.RuleEdit("ai chips", "semiconduct*"));

        Assert.Equal(ReplyOutcome.Invalid, reply.Outcome);
        Assert.Equal("Rule names cannot contain spaces: use ai-chips; nothing changed.\nusage: rule edit NAME EXPRESSION", reply.ToString());
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task RuleRemove_ExistingRule_RemovedAndAnnouncedWithItsExpression()
    {
        await SayAsync($"rule add bis {Bis}");
        await SayAsync("rule add chips semiconduct*");

        var reply = await SayAsync("rule remove bis");

        Assert.Equal("chips", Assert.Single(await RulesAsync()).Name);
        Assert.Equal((ReplyVisibility.Channel, ReplyOutcome.Done), (reply.Visibility, reply.Outcome));
        Assert.Equal($"@alice removed rule bis (it was {Bis}).", reply.ToString());
    }

    [Fact]
    public async Task RuleRemove_ExistingRule_AuditedWithTheRuleBefore()
    {
        await SayAsync($"rule add bis {Bis}");

        await SayAsync("rule remove bis");

        var entry = (await AuditAsync())[0];
        Assert.Equal(("rule remove", $"bis: {Bis}", null), (entry.Action, entry.Before, entry.After));
    }

    [Fact]
    public async Task RuleRemove_LastRule_ReplySaysEveryItemWillBePosted()
    {
        await SayAsync($"rule add bis {Bis}");

        var reply = await SayAsync("rule remove bis");

        Assert.Equal("This channel has no rules left, so every new item of its feeds will be posted.", reply.Lines[1].ToString());
    }

    [Fact]
    public async Task RuleRemove_UnknownRule_RefusedListingTheRules()
    {
        await SayAsync($"rule add bis {Bis}");
        await SayAsync("rule add chips semiconduct*");
        var before = await StateAsync();

        var reply = await SayAsync("rule remove sanctions");

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Invalid), (reply.Visibility, reply.Outcome));
        Assert.Equal("This channel has no rule named sanctions; its rules are bis, chips. Nothing changed.", reply.ToString());
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task Rules_None_EphemeralSayingEveryItemIsPosted()
    {
        var reply = await SayAsync("rules");

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Done), (reply.Visibility, reply.Outcome));
        Assert.StartsWith("This channel has no rules: every new item of its feeds is posted.", reply.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rules_AlertsSeeded_HitCountsOverTheLast30Days()
    {
        await SayAsync($"rule add bis {Bis}");
        await SayAsync("rule add chips semiconduct*");
        await SayAsync("rule add quiet nothing-matches-this");
        await EnqueueAlertAsync(["bis"]);
        Clock.Advance(TimeSpan.FromDays(31));
        await EnqueueAlertAsync(["bis"]);
        await EnqueueAlertAsync(["bis", "chips"], held: true);

        var reply = await SayAsync("rules");

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Done), (reply.Visibility, reply.Outcome));
        Assert.Equal(
            $"3 rules, with alerts in the last 30 days:\n• bis · 2 hits · {Bis}\n• chips · 1 hit · semiconduct*\n• quiet · 0 hits · nothing-matches-this",
            reply.ToString());
    }

    [Fact]
    public async Task Rules_AfterAPoll_CountsTheAlertsEachRuleMatched()
    {
        await SayAsync("subscribe fr-bis");
        await SayAsync($"rule add bis {Bis}");
        await SayAsync("rule add committee title:committee");

        await PollAsync("fr-bis");
        var reply = await SayAsync("rules");

        Assert.Contains("• bis · 4 hits · ", reply.ToString(), StringComparison.Ordinal);
        Assert.Contains("• committee · 1 hit · ", reply.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rules_OtherChannelsAlerts_NotCounted()
    {
        await SayAsync($"rule add bis {Bis}");
        await SayAsync($"rule add bis {Bis}", channel: OtherDesk);
        await EnqueueAlertAsync(["bis"], channel: OtherDesk);

        var reply = await SayAsync("rules");

        Assert.Contains("• bis · 0 hits · ", reply.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rules_MutedRule_ShowsUntilWhen()
    {
        await SayAsync($"rule add bis {Bis}");
        await SayAsync("mute rule bis 8h");

        var reply = await SayAsync("rules");

        Assert.Contains("• bis · 0 hits, muted until 2024-02-01 17:00 UTC · ", reply.ToString(), StringComparison.Ordinal);
    }
}
