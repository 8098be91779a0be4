using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Replies;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Delivery;

namespace PolicyWatchBot.Chat;

/// <summary>
/// <c>ack ALERT_ID [NOTE]</c> and the Acknowledge / Acknowledge all buttons: records who and when,
/// and the alert's message is updated in place (through the outbox) to show it.
/// </summary>
internal sealed class AckCommand(IStore store, OutboxSignal outbox, TimeProvider time)
{
    public async Task<ChatReply> HandleAsync(CommandContext context, ChatCommand.Ack command, CancellationToken cancellationToken)
    {
        if (AlertId.Normalize(command.AlertId) is not { } id)
        {
            return ChatReply.Invalid($"'{command.AlertId}' is not an alert id; alert ids look like PW-3F9K. Nothing changed.", CommandCatalog.Find("ack")!.Usage);
        }

        var note = string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim();
        if (note?.Length > CommandParser.MaxNoteLength)
        {
            return ChatReply.Invalid($"The note is {note.Length} characters long; the limit is {CommandParser.MaxNoteLength}. Nothing changed.");
        }

        var acknowledgement = new Acknowledgement(context.Actor, time.GetUtcNow(), note);
        switch (await store.AcknowledgeAsync(context.ChannelId, id, acknowledgement, cancellationToken))
        {
            case AcknowledgeResult.Acknowledged done:
                outbox.Notify();
                return ChatReply.Ephemeral(AlertId.IsDigestId(id)
                    ? ReplyLine.Of($"Acknowledged {ReplyText.Count(done.AlertIds.Count, "alert")} of ", new Inline.Code(id), "; the message now shows who and when.")
                    : ReplyLine.Of("Acknowledged ", new Inline.Code(id), "; the alert now shows who and when."));
            case AcknowledgeResult.AlreadyAcknowledged already:
                var by = already.Existing;
                return ChatReply.Ephemeral(ReplyLine.Of(new Inline.Code(id), " was already acknowledged by ", new Inline.User(by.By.UserId, by.By.UserName),
                    $" at {ReplyText.When(by.At)}", by.Note is null ? "" : $" ({by.Note})", "; nothing changed."));
            default:
                return ChatReply.Invalid(NoSuchAlert(id));
        }
    }

    public static string NoSuchAlert(string id) =>
        $"There is no alert {id} in this channel; each alert shows its id (like PW-3F9K). Nothing changed.";
}
