using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Commands;

namespace PolicyWatchBot.Tests.Core.Commands;

public sealed class ButtonPayloadTests
{
    [Theory]
    [InlineData(AlertAction.Acknowledge, "PW-3F9K", "pw:ack:PW-3F9K")]
    [InlineData(AlertAction.MuteRule, "PW-3F9K", "pw:mute-rule:PW-3F9K")]
    [InlineData(AlertAction.MuteFeed, "PW-3F9K", "pw:mute-feed:PW-3F9K")]
    [InlineData(AlertAction.AcknowledgeAll, "PWG-7QX2", "pw:ack-all:PWG-7QX2")]
    public void Format_Action_WritesPayload(AlertAction action, string id, string expected)
    {
        Assert.Equal(expected, ButtonPayload.Format(action, id));
    }

    [Fact]
    public void TryParse_Acknowledge_IsAckWithoutNote()
    {
        Assert.True(ButtonPayload.TryParse(ButtonPayload.Format(AlertAction.Acknowledge, "PW-3F9K"), out var command));
        Assert.Equal(new ChatCommand.Ack("PW-3F9K", null), command);
    }

    [Fact]
    public void TryParse_MuteRule_MutesAlertRulesFor24Hours()
    {
        Assert.True(ButtonPayload.TryParse(ButtonPayload.Format(AlertAction.MuteRule, "PW-3F9K"), out var command));
        Assert.Equal(new ChatCommand.MuteAlertRules("PW-3F9K", TimeSpan.FromHours(24)), command);
    }

    [Fact]
    public void TryParse_MuteFeed_MutesAlertFeedFor24Hours()
    {
        Assert.True(ButtonPayload.TryParse(ButtonPayload.Format(AlertAction.MuteFeed, "PW-3F9K"), out var command));
        Assert.Equal(new ChatCommand.MuteAlertFeed("PW-3F9K", TimeSpan.FromHours(24)), command);
    }

    [Fact]
    public void TryParse_AcknowledgeAll_IsAckOfTheDigest()
    {
        Assert.True(ButtonPayload.TryParse(ButtonPayload.Format(AlertAction.AcknowledgeAll, "PWG-7QX2"), out var command));
        Assert.Equal(new ChatCommand.Ack("PWG-7QX2", null), command);
    }

    [Fact]
    public void Format_IdsPastAQuadrillion_StayUnder100Characters()
    {
        foreach (var action in Enum.GetValues<AlertAction>())
        {
            var id = action == AlertAction.AcknowledgeAll ? AlertId.ForDigest(1L << 50) : AlertId.FromSequence(1L << 50);

            var payload = ButtonPayload.Format(action, id);

            Assert.True(payload.Length < 100, payload);
            Assert.True(ButtonPayload.TryParse(payload, out _), payload);
        }
    }

    [Theory]
    [InlineData(AlertAction.AcknowledgeAll, "PW-3F9K")]
    [InlineData(AlertAction.Acknowledge, "PWG-7QX2")]
    [InlineData(AlertAction.MuteRule, "pw-3f9k")]
    [InlineData(AlertAction.MuteFeed, "PX-1")]
    [InlineData((AlertAction)42, "PW-3F9K")]
    public void Format_IdOfWrongKindOrUnknownAction_Throws(AlertAction action, string id)
    {
        Assert.ThrowsAny<ArgumentException>(() => ButtonPayload.Format(action, id));
    }

    [Fact]
    public void Format_IdTooLongForAButton_Throws()
    {
        Assert.Throws<ArgumentException>(() => ButtonPayload.Format(AlertAction.Acknowledge, "PW-" + new string('A', 100)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("pw")]
    [InlineData("pw:ack")]
    [InlineData("pw:ack:")]
    [InlineData("pw:ack:PW-3F9K:extra")]
    [InlineData("pw:snooze:PW-3F9K")]
    [InlineData("pw:ACK:PW-3F9K")]
    [InlineData("PW:ack:PW-3F9K")]
    [InlineData("xx:ack:PW-3F9K")]
    [InlineData("pw:ack:PX-1")]
    [InlineData("pw:ack:pw-3f9k")]
    [InlineData("pw:ack: PW-3F9K")]
    [InlineData("pw:ack:PWG-7QX2")]
    [InlineData("pw:mute-rule:PWG-7QX2")]
    [InlineData("pw:ack-all:PW-3F9K")]
    [InlineData("pw:ack:PW-3F9I")]
    public void TryParse_AnythingElse_DoesNotParse(string? customId)
    {
        Assert.False(ButtonPayload.TryParse(customId, out var command));
        Assert.Null(command);
    }

    [Fact]
    public void TryParse_100Characters_DoesNotParse()
    {
        var customId = "pw:ack:PW-" + new string('A', 100 - "pw:ack:PW-".Length);

        Assert.False(ButtonPayload.TryParse(customId, out _));
    }
}
