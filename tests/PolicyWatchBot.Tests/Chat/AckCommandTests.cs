using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Replies;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Tests.Chat;

/// <summary><c>ack ALERT_ID [NOTE]</c> and the Acknowledge / Acknowledge all buttons.</summary>
public sealed class AckCommandTests : ConversationTest
{
    [Fact]
    public async Task Ack_Alert_RecordsWhoAndWhen()
    {
        var alertId = await EnqueueAlertAsync();
        Clock.Advance(TimeSpan.FromMinutes(5));

        await SayAsync($"ack {alertId}");

        Assert.Equal(new Acknowledgement(Alice.Actor, Start.AddMinutes(5), null), (await AlertAsync(alertId)).Message.Acknowledged);
    }

    [Fact]
    public async Task Ack_Alert_EphemeralReply()
    {
        var alertId = await EnqueueAlertAsync();

        var reply = await SayAsync($"ack {alertId}");

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Done), (reply.Visibility, reply.Outcome));
        Assert.Equal($"Acknowledged {alertId}; the alert now shows who and when.", reply.ToString());
    }

    [Fact]
    public async Task Ack_Alert_AuditedWithTheAlertIdAfter()
    {
        var alertId = await EnqueueAlertAsync();

        await SayAsync($"ack {alertId}");

        var entry = Assert.Single(await AuditAsync());
        Assert.Equal(Alice.Actor, entry.Actor);
        Assert.Equal(("ack", null, alertId), (entry.Action, entry.Before, entry.After));
    }

    [Fact]
    public async Task Ack_LowerCaseIdAndNote_NoteStoredAndAudited()
    {
        var alertId = await EnqueueAlertAsync();

        await SayAsync($"ack {alertId.ToLowerInvariant()}   sent to legal ");

        Assert.Equal("sent to legal", (await AlertAsync(alertId)).Message.Acknowledged?.Note);
        Assert.Equal($"{alertId}: sent to legal", Assert.Single(await AuditAsync()).After);
    }

    [Fact]
    public async Task Ack_SentAlert_QueuesTheUpdateOfItsMessage()
    {
        var alertId = await EnqueueAlertAsync();
        await DeliverAsync();

        await SayAsync($"ack {alertId} sent to legal");

        var entry = Assert.Single(await Store.ClaimDueAsync("probe", Clock.GetUtcNow(), TimeSpan.FromMinutes(1), 10, Ct));
        Assert.Equal((OutboxKind.Alert, OutboxWork.Update, alertId), (entry.Ref.Kind, entry.Ref.Work, entry.Post.PostId));
        Assert.Equal("sent to legal", Assert.IsType<AlertMessage>(entry.Post).Acknowledged?.Note);
    }

    [Fact]
    public async Task Ack_SentAlert_ConsoleShowsTheAcknowledgementOnceDelivered()
    {
        var alertId = await EnqueueAlertAsync();
        await DeliverAsync();
        await SayAsync($"ack {alertId} sent to legal");

        await DeliverAsync();

        Assert.Contains($"{alertId} in #desk: acknowledged by alice at 2024-02-01 09:00 UTC: sent to legal", Host.Console.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ack_PendingAlert_NoUpdateQueuedBeyondTheSend()
    {
        var alertId = await EnqueueAlertAsync();

        await SayAsync($"ack {alertId}");

        var entry = Assert.Single(await Store.ClaimDueAsync("probe", Clock.GetUtcNow(), TimeSpan.FromMinutes(1), 10, Ct));
        Assert.Equal(OutboxWork.Send, entry.Ref.Work);
    }

    [Fact]
    public async Task Ack_AlreadyAcknowledged_SaysByWhomAndNothingChanged()
    {
        var alertId = await EnqueueAlertAsync();
        await SayAsync($"ack {alertId} looked at it");
        Clock.Advance(TimeSpan.FromHours(1));
        var before = await StateAsync();

        var reply = await SayAsync($"ack {alertId}", Bob);

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Done), (reply.Visibility, reply.Outcome));
        Assert.Equal($"{alertId} was already acknowledged by @alice at 2024-02-01 09:00 UTC (looked at it); nothing changed.", reply.ToString());
        Assert.Equal(before, await StateAsync());
        Assert.Equal(Alice.Actor, (await AlertAsync(alertId)).Message.Acknowledged?.By);
    }

    [Fact]
    public async Task Ack_DigestId_AcknowledgesEveryAlertOfTheDigest()
    {
        var (digestId, alertIds) = await EnqueueDigestAsync(6);

        var reply = await SayAsync($"ack {digestId}");

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Done), (reply.Visibility, reply.Outcome));
        Assert.Equal($"Acknowledged 6 alerts of {digestId}; the message now shows who and when.", reply.ToString());
        foreach (var alertId in alertIds)
        {
            Assert.Equal(Alice.Actor, (await AlertAsync(alertId)).Message.Acknowledged?.By);
        }
    }

    [Fact]
    public async Task Ack_DigestId_OneAuditRowListingEveryAlert()
    {
        var (digestId, alertIds) = await EnqueueDigestAsync(6);

        await SayAsync($"ack {digestId} all fine");

        Assert.Equal(string.Join(", ", alertIds) + ": all fine", Assert.Single(await AuditAsync()).After);
    }

    [Fact]
    public async Task Ack_DigestWithOneAlertAcknowledgedAlready_AcknowledgesTheRest()
    {
        var (digestId, alertIds) = await EnqueueDigestAsync(6);
        await SayAsync($"ack {alertIds[2]}", Bob);

        var reply = await SayAsync($"ack {digestId}");

        Assert.StartsWith("Acknowledged 5 alerts of ", reply.ToString(), StringComparison.Ordinal);
        Assert.Equal(Bob.Actor, (await AlertAsync(alertIds[2])).Message.Acknowledged?.By);
    }

    [Fact]
    public async Task Ack_SentDigest_QueuesOneUpdateOfTheDigestMessage()
    {
        var (digestId, _) = await EnqueueDigestAsync(6);
        await DeliverAsync();

        await PressAsync(AlertAction.AcknowledgeAll, digestId);

        var entry = Assert.Single(await Store.ClaimDueAsync("probe", Clock.GetUtcNow(), TimeSpan.FromMinutes(1), 10, Ct));
        Assert.Equal((OutboxKind.Digest, OutboxWork.Update, digestId), (entry.Ref.Kind, entry.Ref.Work, entry.Post.PostId));
    }

    [Fact]
    public async Task Ack_AcknowledgeButton_SameAsTheCommand()
    {
        var alertId = await EnqueueAlertAsync();

        var reply = await PressAsync(AlertAction.Acknowledge, alertId);

        Assert.Equal(ReplyOutcome.Done, reply.Outcome);
        Assert.Equal(new Acknowledgement(Alice.Actor, Start, null), (await AlertAsync(alertId)).Message.Acknowledged);
    }

    [Fact]
    public async Task Ack_UnknownAlertId_RefusedNothingChanged()
    {
        await EnqueueAlertAsync();
        var unknown = AlertId.FromSequence(9999);
        var before = await StateAsync();

        var reply = await SayAsync($"ack {unknown}");

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Invalid), (reply.Visibility, reply.Outcome));
        Assert.Equal($"There is no alert {unknown} in this channel; each alert shows its id (like PW-3F9K). Nothing changed.", reply.ToString());
        Assert.Equal(before, await StateAsync());
        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task Ack_AnotherChannelsAlertId_RefusedAndThatAlertStaysUnacknowledged()
    {
        var theirs = await EnqueueAlertAsync(channel: OtherDesk);
        var before = await StateAsync();

        var reply = await SayAsync($"ack {theirs}");

        Assert.Equal(ReplyOutcome.Invalid, reply.Outcome);
        Assert.Equal($"There is no alert {theirs} in this channel; each alert shows its id (like PW-3F9K). Nothing changed.", reply.ToString());
        Assert.Equal(before, await StateAsync());
        Assert.Null((await AlertAsync(theirs, OtherDesk)).Message.Acknowledged);
        Assert.Empty(await AuditAsync(OtherDesk));
    }

    [Fact]
    public async Task Ack_AnotherChannelsDigestId_Refused()
    {
        var (digestId, alertIds) = await EnqueueDigestAsync(6, OtherDesk);

        var reply = await SayAsync($"ack {digestId}");

        Assert.Equal(ReplyOutcome.Invalid, reply.Outcome);
        Assert.Empty(await AuditAsync());
        Assert.Null((await AlertAsync(alertIds[0], OtherDesk)).Message.Acknowledged);
    }

    [Fact]
    public async Task Ack_NotAnAlertId_RefusedWithUsage()
    {
        var reply = await SayAsync("ack 3F9K");

        Assert.Equal((ReplyVisibility.Ephemeral, ReplyOutcome.Invalid), (reply.Visibility, reply.Outcome));
        Assert.Equal("'3F9K' is not an alert id; alert ids look like PW-3F9K\nusage: ack ALERT_ID [NOTE]", reply.ToString());
    }

    [Fact]
    public async Task Ack_NotAnAlertIdFromDiscordOptions_RefusedWithUsage()
    {
        var reply = await RunAsync(new ChatCommand.Ack("legal", null));

        Assert.Equal(ReplyOutcome.Invalid, reply.Outcome);
        Assert.Equal("'legal' is not an alert id; alert ids look like PW-3F9K. Nothing changed.\nusage: ack ALERT_ID [NOTE]", reply.ToString());
        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task Ack_NoteTooLongFromDiscordOptions_RefusedAndAlertUnacknowledged()
    {
        var alertId = await EnqueueAlertAsync();

        var reply = await RunAsync(new ChatCommand.Ack(alertId, new string('n', 501)));

        Assert.Equal(ReplyOutcome.Invalid, reply.Outcome);
        Assert.Equal("The note is 501 characters long; the limit is 500. Nothing changed.", reply.ToString());
        Assert.Null((await AlertAsync(alertId)).Message.Acknowledged);
    }

    [Fact]
    public async Task Ack_HeldAlert_AcknowledgedWithoutAnUpdate()
    {
        var alertId = await EnqueueAlertAsync(held: true);

        var reply = await SayAsync($"ack {alertId}");

        Assert.Equal(ReplyOutcome.Done, reply.Outcome);
        Assert.NotNull((await AlertAsync(alertId)).Message.Acknowledged);
        Assert.Empty(await Store.ClaimDueAsync("probe", Clock.GetUtcNow(), TimeSpan.FromMinutes(1), 10, Ct));
    }

    private Task<ChatReply> PressAsync(AlertAction action, string postId)
    {
        Assert.True(ButtonPayload.TryParse(ButtonPayload.Format(action, postId), out var command));
        return RunAsync(command);
    }
}
