using Microsoft.Extensions.Options;
using PolicyWatchBot.Chat;
using PolicyWatchBot.Chat.Slack;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Replies;

namespace PolicyWatchBot.Tests.Chat;

/// <summary>
/// Who may change a channel's setup: managers only (Slack: the configured Managers, here U1 and
/// U9; Discord: Manage Channels; console: <c>--manager</c>); everyone may read and acknowledge.
/// </summary>
public sealed class AuthorizationTests : ConversationTest
{
    private static readonly ChannelKey SlackChannel = new("slack", "T1", "C1");
    private static readonly ChannelKey DiscordChannel = new("discord", "G1", "C1");

    protected override IReadOnlyDictionary<string, string?> Settings { get; } =
        new Dictionary<string, string?> { ["PolicyWatch:Slack:Managers"] = "U1, U9" };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();

        // A setup worth protecting, made by a manager on each platform.
        foreach (var (channel, manager) in new[] { (Desk, Alice), (DiscordChannel, Alice), (SlackChannel, Alice) })
        {
            await SayAsync("subscribe fr-bis", manager, channel);
            await SayAsync("rule add bis export*", manager, channel);
            await SayAsync("mute channel 8h", manager, channel);
        }
    }

    [Theory]
    [InlineData("subscribe fr-ofac", "subscribe")]
    [InlineData("unsubscribe fr-bis", "unsubscribe")]
    [InlineData("rule add chips semiconduct*", "rule add")]
    [InlineData("rule edit bis sanction*", "rule edit")]
    [InlineData("rule remove bis", "rule remove")]
    [InlineData("mute rule bis 2h", "mute")]
    [InlineData("mute feed fr-bis", "mute")]
    [InlineData("unmute channel", "unmute")]
    public async Task SetupChange_ConsoleCallerWithoutManager_RefusedSayingWhoMay(string text, string verb)
    {
        var before = await StateAsync();

        var reply = await SayAsync(text, Bob);

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Refused), (reply.Visibility, reply.Outcome));
        Assert.Equal($"Only managers may use '{verb}'; run the chat command with --manager. Nothing changed.", reply.ToString());
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task SetupChange_DiscordMemberWithoutManageChannels_RefusedNamingThePermission()
    {
        var before = await StateAsync(DiscordChannel);

        var reply = await SayAsync("unsubscribe fr-bis", Bob, DiscordChannel);

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Refused), (reply.Visibility, reply.Outcome));
        Assert.Equal("Only members with the Manage Channels permission may use 'unsubscribe'. Nothing changed.", reply.ToString());
        Assert.Equal(before, await StateAsync(DiscordChannel));
    }

    [Fact]
    public async Task SetupChange_DiscordMemberWithManageChannels_Done()
    {
        var reply = await SayAsync("rule edit bis sanction*", Bob with { HasManageChannelsPermission = true }, DiscordChannel);

        Assert.Equal(ReplyOutcome.Done, reply.Outcome);
        Assert.Equal("sanction*", Assert.Single(await RulesAsync(DiscordChannel)).Expression);
        Assert.Equal(Bob.Actor, (await AuditAsync(DiscordChannel))[0].Actor);
    }

    [Fact]
    public async Task SetupChange_SlackUserNotInManagers_RefusedSayingWhoMay()
    {
        var before = await StateAsync(SlackChannel);

        // Slack reports no Manage Channels fact; even if an adapter did, the Managers list decides.
        var reply = await SayAsync("rule remove bis", Bob with { HasManageChannelsPermission = true }, SlackChannel);

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Refused), (reply.Visibility, reply.Outcome));
        Assert.Equal("Only this workspace's PolicyWatch managers may use 'rule remove'; ask one of them, or an admin to add you to PolicyWatch:Slack:Managers. Nothing changed.", reply.ToString());
        Assert.Equal(before, await StateAsync(SlackChannel));
    }

    [Fact]
    public async Task SetupChange_SlackUserInManagers_Done()
    {
        var carol = new Caller(new Actor("U9", "carol"));

        var reply = await SayAsync("subscribe fr-ofac", carol, SlackChannel);

        Assert.Equal((ReplyVisibility.Channel, ReplyOutcome.Done), (reply.Visibility, reply.Outcome));
        Assert.Equal(["fr-bis", "fr-ofac"], await SubscriptionsAsync(SlackChannel));
        Assert.Equal(carol.Actor, (await AuditAsync(SlackChannel))[0].Actor);
    }

    [Fact]
    public async Task ManagerPolicy_SlackWithoutManagersList_EveryoneIsAManager()
    {
        var policy = new ManagerPolicy(Options.Create(new SlackOptions()));

        Assert.True(policy.IsManager(SlackChannel, Bob));
        Assert.False(policy.IsManager(DiscordChannel, Bob));
    }

    [Theory]
    [InlineData("help")]
    [InlineData("help rule add")]
    [InlineData("feeds")]
    [InlineData("subscriptions")]
    [InlineData("rules")]
    [InlineData("rule test export*")]
    [InlineData("muted")]
    [InlineData("status")]
    public async Task Read_ConsoleCallerWithoutManager_Answered(string text)
    {
        var before = await StateAsync();

        var reply = await SayAsync(text, Bob);

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Done), (reply.Visibility, reply.Outcome));
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task Read_SlackUserNotInManagers_Answered()
    {
        var reply = await SayAsync("rules", Bob, SlackChannel);

        Assert.Equal(ReplyOutcome.Done, reply.Outcome);
        Assert.Contains("• bis · 0 hits · export*", reply.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ack_ConsoleCallerWithoutManager_Acknowledged()
    {
        var alertId = await EnqueueAlertAsync();

        var reply = await SayAsync($"ack {alertId} seen", Bob);

        Assert.Equal(ReplyOutcome.Done, reply.Outcome);
        Assert.Equal(Bob.Actor, (await AlertAsync(alertId)).Message.Acknowledged?.By);
        Assert.Equal(("ack", Bob.Actor), ((await AuditAsync())[0].Action, (await AuditAsync())[0].Actor));
    }

    [Fact]
    public async Task Ack_SlackUserNotInManagers_Acknowledged()
    {
        var alertId = await EnqueueAlertAsync(channel: SlackChannel);

        var reply = await SayAsync($"ack {alertId}", Bob, SlackChannel);

        Assert.Equal(ReplyOutcome.Done, reply.Outcome);
        Assert.Equal(Bob.Actor, (await AlertAsync(alertId, SlackChannel)).Message.Acknowledged?.By);
    }

    [Fact]
    public async Task MuteButtons_CallerWithoutManager_RefusedNothingChanged()
    {
        var alertId = await EnqueueAlertAsync(["bis"]);
        var before = await StateAsync();

        var rules = await RunAsync(new ChatCommand.MuteAlertRules(alertId, ChatCommand.Mute.DefaultDuration), Bob);
        var feed = await RunAsync(new ChatCommand.MuteAlertFeed(alertId, ChatCommand.Mute.DefaultDuration), Bob);

        Assert.Equal((ReplyOutcome.Refused, ReplyOutcome.Refused), (rules.Outcome, feed.Outcome));
        Assert.Equal("Only managers may use 'mute'; run the chat command with --manager. Nothing changed.", rules.ToString());
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task AcknowledgeButton_CallerWithoutManager_Acknowledged()
    {
        var alertId = await EnqueueAlertAsync();
        Assert.True(ButtonPayload.TryParse(ButtonPayload.Format(AlertAction.Acknowledge, alertId), out var command));

        var reply = await RunAsync(command, Bob);

        Assert.Equal(ReplyOutcome.Done, reply.Outcome);
        Assert.NotNull((await AlertAsync(alertId)).Message.Acknowledged);
    }
}
