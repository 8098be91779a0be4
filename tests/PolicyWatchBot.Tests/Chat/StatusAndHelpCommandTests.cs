using Microsoft.Extensions.DependencyInjection;
using PolicyWatchBot.Chat;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Replies;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Chat;

/// <summary><c>status</c> and <c>help</c>.</summary>
public sealed class StatusAndHelpCommandTests : ConversationTest
{
    [Fact]
    public async Task Status_Always_VersionAndUptimeFirst()
    {
        var version = Host.Services.GetRequiredService<BotInstance>().Version;
        Clock.Advance(new TimeSpan(2, 5, 0));

        var reply = await SayAsync("status");

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Done), (reply.Visibility, reply.Outcome));
        Assert.Equal($"PolicyWatchBot {version}, up 2h 5m (since 2024-02-01 09:00 UTC).", reply.Lines[0].ToString());
        Assert.NotEqual("unknown", version);
    }

    [Fact]
    public async Task Status_FeedsPolledAndFailing_CountsHealthyFailingAndNotPolled()
    {
        Server.Fail("/fr/ofac.json", 500);
        await PollAsync("fr-bis");
        await PollAsync("fr-ofac");

        var reply = await SayAsync("status");

        var lines = reply.Lines.Select(l => l.ToString()).ToList();
        Assert.Contains("Feeds: 1 healthy, 1 failing, 1 not polled yet.", lines);
        var failing = Assert.Single(lines, l => l.StartsWith("• fr-ofac ", StringComparison.Ordinal));
        Assert.Contains("failing (1 failure in a row, never succeeded): ", failing, StringComparison.Ordinal);
        Assert.Contains("500", failing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_EveryFeedPolledFine_AllHealthy()
    {
        await PollAsync("fr-bis");
        await PollAsync("fr-ofac");
        Server.Serve("/arxiv.atom", File.ReadAllBytes(Fixtures.ArxivAtom), "application/atom+xml");
        await PollAsync("arxiv-ai");

        var reply = await SayAsync("status");

        Assert.Contains("Feeds: 3 healthy, 0 failing.", reply.Lines.Select(l => l.ToString()));
    }

    [Fact]
    public async Task Status_OutboxBacklog_CountsPendingAlertsDigestsAndHeldAcrossChannels()
    {
        await EnqueueAlertAsync();
        await EnqueueAlertAsync();
        await EnqueueDigestAsync(6);
        await EnqueueAlertAsync(held: true, channel: OtherDesk);

        var reply = await SayAsync("status");

        Assert.Contains("Outbox: 3 waiting to be sent, 1 held by mutes, 0 parked, 0 failed (all channels).", reply.Lines.Select(l => l.ToString()));
    }

    [Fact]
    public async Task Status_AlertsQueued_LastAlertOfThisChannel()
    {
        await EnqueueAlertAsync();
        var last = await EnqueueAlertAsync();
        await EnqueueAlertAsync(channel: OtherDesk);

        var reply = await SayAsync("status");

        var line = Assert.Single(reply.Lines, l => l.ToString().StartsWith("Last alert here: ", StringComparison.Ordinal)).ToString();
        var title = (await AlertAsync(last)).Message.Title;
        Assert.StartsWith($"Last alert here: {last} · {title} <", line, StringComparison.Ordinal);
        Assert.EndsWith(" · 2024-02-01 09:00 UTC (pending)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_LastAlertDelivered_ShownAsSent()
    {
        await EnqueueAlertAsync();
        await DeliverAsync();

        var reply = await SayAsync("status");

        Assert.EndsWith("(sent)", Assert.Single(reply.Lines, l => l.ToString().StartsWith("Last alert here: ", StringComparison.Ordinal)).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_NoAlertYet_SaysSo()
    {
        var reply = await SayAsync("status");

        Assert.Contains("No alert in this channel yet.", reply.Lines.Select(l => l.ToString()));
    }

    [Fact]
    public async Task Status_AlertCouldNotBeDelivered_ListedWithTheReason()
    {
        var alertId = await EnqueueAlertAsync();
        var claimed = Assert.Single(await Store.ClaimDueAsync("probe", Clock.GetUtcNow(), TimeSpan.FromMinutes(1), 10, Ct));
        await Store.MarkFailedAsync(claimed.Ref, "probe", "channel_not_found", Ct);

        var reply = await SayAsync("status");

        Assert.Contains($"• {alertId} could not be delivered here: channel_not_found", reply.Lines.Select(l => l.ToString()));
    }

    [Fact]
    public async Task Status_RecentChanges_NewestFirstWithWhoAndWhat()
    {
        await SayAsync("subscribe fr-bis");
        Clock.Advance(TimeSpan.FromMinutes(10));
        await SayAsync("rule add bis export*", new Caller(new("U7", "carol"), HasManageChannelsPermission: true));
        Clock.Advance(TimeSpan.FromMinutes(10));
        await SayAsync("rule edit bis export* OR sanction*");

        var reply = await SayAsync("status");

        var lines = reply.Lines.Select(l => l.ToString()).SkipWhile(l => l != "Recent changes here:").ToList();
        Assert.Equal(
            [
                "Recent changes here:",
                "• 2024-02-01 09:20 UTC · @alice · rule edit: bis: export* → bis: export* OR sanction*",
                "• 2024-02-01 09:10 UTC · @carol · rule add: bis: export*",
                "• 2024-02-01 09:00 UTC · @alice · subscribe: fr-bis",
            ],
            lines);
    }

    [Fact]
    public async Task Status_ManyChanges_OnlyTheFiveNewestShown()
    {
        await SayAsync("subscribe fr-bis fr-ofac");
        await SayAsync("unsubscribe fr-ofac");
        await SayAsync("mute channel 1h");
        await SayAsync("unmute channel");
        await SayAsync("rule add bis export*");

        var reply = await SayAsync("status");

        var changes = reply.Lines.Select(l => l.ToString()).SkipWhile(l => l != "Recent changes here:").Skip(1).ToList();
        Assert.Equal(5, changes.Count);
        Assert.EndsWith("rule add: bis: export*", changes[0], StringComparison.Ordinal);
        Assert.EndsWith("subscribe: fr-ofac", changes[4], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_OnlyOtherChannelsChanged_NoRecentChangesHere()
    {
        await SayAsync("subscribe fr-bis", channel: OtherDesk);

        var reply = await SayAsync("status");

        Assert.DoesNotContain("Recent changes here:", reply.Lines.Select(l => l.ToString()));
    }

    [Fact]
    public async Task Help_NoVerb_EveryVerbWithItsUsageAndExample()
    {
        var reply = await SayAsync("help");

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Done), (reply.Visibility, reply.Outcome));
        var bullets = reply.Lines.Where(l => l.IsBullet).Select(l => l.ToString()).ToList();
        Assert.Equal(CommandCatalog.All.Count, bullets.Count);
        foreach (var (entry, bullet) in CommandCatalog.All.Zip(bullets))
        {
            Assert.StartsWith("• " + entry.Usage, bullet, StringComparison.Ordinal);
            Assert.EndsWith("e.g. " + entry.Example, bullet, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Help_NoVerb_EveryVerbOfTheContractListed()
    {
        var reply = await SayAsync("help");

        var text = reply.ToString();
        foreach (var verb in new[] { "help", "feeds", "subscribe", "unsubscribe", "subscriptions", "rule add", "rule edit", "rule remove", "rules", "rule test", "mute", "unmute", "muted", "ack", "status" })
        {
            Assert.Contains($"• {verb}", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Help_NoVerb_ManagersOnlyVerbsMarked()
    {
        var reply = await SayAsync("help");

        var bullets = reply.Lines.Where(l => l.IsBullet).Select(l => l.ToString()).ToList();
        Assert.Equal(CommandCatalog.All.Select(e => e.ManagersOnly), bullets.Select(b => b.Contains(" (M) — ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Help_EmptyText_SameAsHelp()
    {
        var reply = await SayAsync("  ");

        Assert.Equal((await SayAsync("help")).ToString(), reply.ToString());
    }

    [Fact]
    public async Task Help_RuleAdd_UsageExampleAndWhoMay()
    {
        var reply = await SayAsync("help rule add");

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Done), (reply.Visibility, reply.Outcome));
        Assert.Equal(
            "/policywatch rule add NAME [--urgent] EXPRESSION — add a keyword rule to this channel (--urgent: its alerts go out at once, never grouped)\n"
            + "Example: /policywatch rule add ai-chips (\"advanced computing\" OR semiconduct* OR 3A090) AND agency:\"industry and security\"\n"
            + "Managers only.\n"
            + "The rule language, with examples: docs/rules.md in PolicyWatchBot's repository.",
            reply.ToString());
    }

    [Fact]
    public async Task Help_NoVerb_PointsAtTheCommandAndRuleGuidesOfTheRepository()
    {
        var reply = await SayAsync("help");

        var last = reply.Lines[^1].ToString();
        Assert.Contains("docs/commands.md", last, StringComparison.Ordinal);
        Assert.Contains("docs/rules.md", last, StringComparison.Ordinal);
        Assert.DoesNotContain("RULES.md", reply.ToString(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Fixtures.RepoRoot, HelpCommand.CommandsGuide)));
        Assert.True(File.Exists(Path.Combine(Fixtures.RepoRoot, HelpCommand.RulesGuide)));
    }

    [Fact]
    public async Task Help_VerbWithoutExpression_NoRuleGuideLine()
    {
        var reply = await SayAsync("help rule remove");

        Assert.DoesNotContain("docs/rules.md", reply.ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<string> EveryVerb() => [.. CommandCatalog.All.Select(e => e.Verb)];

    [Theory]
    [MemberData(nameof(EveryVerb))]
    public async Task Help_EveryVerb_AnswersWithItsUsageAndAnExample(string verb)
    {
        var entry = CommandCatalog.Find(verb)!;

        var reply = await SayAsync("help " + verb);

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Done), (reply.Visibility, reply.Outcome));
        Assert.StartsWith($"/policywatch {entry.Usage} — {entry.Summary}\nExample: /policywatch {entry.Example}\n", reply.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_Rule_EveryRuleVerbWithUsageAndExample()
    {
        var reply = await SayAsync("help rule");

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Done), (reply.Visibility, reply.Outcome));
        var bullets = reply.Lines.Where(l => l.IsBullet).Select(l => l.ToString()).ToList();
        Assert.Equal(["rule add", "rule edit", "rule remove", "rule urgent", "rule notify", "rule test"], CommandCatalog.Family("rule").Select(e => e.Verb));
        Assert.Equal(6, bullets.Count);
        foreach (var (entry, bullet) in CommandCatalog.Family("rule").Zip(bullets))
        {
            Assert.StartsWith("• " + entry.Usage, bullet, StringComparison.Ordinal);
            Assert.EndsWith("e.g. " + entry.Example, bullet, StringComparison.Ordinal);
        }

        Assert.Contains("To see them: /policywatch rules — ", reply.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_RuleFromDiscordOptions_SameAsTyped()
    {
        var reply = await RunAsync(new ChatCommand.Help("rule"));

        Assert.Equal((await SayAsync("help rule")).ToString(), reply.ToString());
    }

    [Fact]
    public async Task Help_RuleAddExample_ActuallyAddsTheRule()
    {
        var example = CommandCatalog.Find("rule add")!.Example;

        var reply = await SayAsync(example);

        Assert.Equal(ReplyOutcome.Done, reply.Outcome);
        Assert.Equal("ai-chips", Assert.Single(await RulesAsync()).Name);
    }

    [Fact]
    public async Task Help_Ack_SaysAnyoneMayRunIt()
    {
        var reply = await SayAsync("help ack");

        Assert.Equal("Anyone in the channel may run it.", reply.Lines[^1].ToString());
    }

    [Fact]
    public async Task Help_UnknownVerb_RefusedWithTheClosestVerb()
    {
        var reply = await SayAsync("help subscirbe");

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Invalid), (reply.Visibility, reply.Outcome));
        Assert.Contains("did you mean 'subscribe'?", reply.Lines[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_UnknownVerbFromDiscordOptions_RefusedWithTheClosestVerb()
    {
        var reply = await RunAsync(new ChatCommand.Help("statsu"));

        Assert.Equal(ReplyOutcome.Invalid, reply.Outcome);
        Assert.Equal("There is no command 'statsu'; did you mean 'status'?\nusage: help [VERB]", reply.ToString());
    }
}
