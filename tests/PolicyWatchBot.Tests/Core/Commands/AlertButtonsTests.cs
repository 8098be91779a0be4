using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Tests.Core.Commands;

public sealed class AlertButtonsTests
{
    private static readonly Acknowledgement Acked = new(new Actor("U1", "alice"), new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero), null);

    private static AlertMessage Alert(params string[] rules) => new()
    {
        AlertId = "PW-3F9K",
        Kind = RevisionKind.New,
        ItemKey = "fr:2024-00190",
        FeedId = "fr-bis",
        FeedTitle = "BIS",
        Title = "A rule",
        MatchedRules = rules.Select(r => new MatchedRule(r, [])).ToList(),
    };

    [Fact]
    public void For_AlertMatchedByRules_AcknowledgeMuteRuleMuteFeed()
    {
        var buttons = AlertButtons.For(Alert("ai-chips", "entity-list"));

        Assert.Equal(["Acknowledge", "Mute rule 24h", "Mute feed 24h"], buttons.Select(b => b.Label));
        Assert.Equal(["pw:ack:PW-3F9K", "pw:mute-rule:PW-3F9K", "pw:mute-feed:PW-3F9K"], buttons.Select(b => b.Payload));
        Assert.Equal("mute rule ai-chips and mute rule entity-list", buttons[1].TypedCommand);
    }

    [Fact]
    public void For_AlertOfAChannelWithoutRules_NoMuteRuleButton()
    {
        Assert.Equal([AlertAction.Acknowledge, AlertAction.MuteFeed], AlertButtons.For(Alert()).Select(b => b.Action));
    }

    [Fact]
    public void For_AcknowledgedAlert_NoAcknowledgeButton()
    {
        Assert.DoesNotContain(AlertButtons.For(Alert("ai-chips") with { Acknowledged = Acked }), b => b.Action == AlertAction.Acknowledge);
    }

    [Fact]
    public void For_EveryPayload_ParsesBackToTheCommandItStandsFor()
    {
        var commands = AlertButtons.For(Alert("ai-chips")).Select(b => ButtonPayload.TryParse(b.Payload, out var command) ? command : null).ToList();

        Assert.Equal(
            [new ChatCommand.Ack("PW-3F9K", null), new ChatCommand.MuteAlertRules("PW-3F9K", TimeSpan.FromHours(24)), new ChatCommand.MuteAlertFeed("PW-3F9K", TimeSpan.FromHours(24))],
            commands);
    }

    [Fact]
    public void For_DigestWithAnOpenAlert_AcknowledgeAllOnly()
    {
        var digest = new AlertDigest
        {
            DigestId = "PWG-7QX2",
            Reason = DigestReason.Flood,
            Entries = [new DigestEntry("PW-0001", RevisionKind.New, "a", null, "fr-bis", Acked), new DigestEntry("PW-0002", RevisionKind.New, "b", null, "fr-bis")],
        };

        var button = Assert.Single(AlertButtons.For(digest));

        Assert.Equal(("Acknowledge all", "pw:ack-all:PWG-7QX2", "ack PWG-7QX2"), (button.Label, button.Payload, button.TypedCommand));
    }

    [Fact]
    public void For_DigestAllAcknowledged_NoButton()
    {
        var digest = new AlertDigest
        {
            DigestId = "PWG-7QX2",
            Reason = DigestReason.MuteEnded,
            Entries = [new DigestEntry("PW-0001", RevisionKind.New, "a", null, "fr-bis", Acked)],
        };

        Assert.Empty(AlertButtons.For(digest));
    }
}
