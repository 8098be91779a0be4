using System.Text.Json;
using Npgsql;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Storage.Postgres;

/// <summary>
/// Reading rows of the <c>alerts</c> table. The payload is the alert as queued; its public id, its
/// acknowledgement (columns acked_at, acked_by_id, acked_by_name, ack_note) and its mute notice
/// (mute_notice) are kept beside it and put back into the message on every read.
/// </summary>
internal static class AlertRows
{
    /// <summary>The acknowledgement columns, in the order <see cref="ReadAcknowledgement"/> expects.</summary>
    public const string AckColumns = "acked_at, acked_by_id, acked_by_name, ack_note";

    /// <summary>An alert with its digest's public id; <see cref="ReadRecord"/> reads a row of it.</summary>
    public const string SelectRecord = """
        SELECT a.id, a.channel_id, a.public_id, a.payload::text, a.status, a.created_at, a.last_error,
               a.acked_at, a.acked_by_id, a.acked_by_name, a.ack_note, d.public_id, a.mute_notice::text
        FROM alerts a LEFT JOIN digests d ON d.id = a.digest_id
        """;

    public static AlertRecord ReadRecord(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetInt64(1),
        ReadMessage(reader.GetString(3), reader.GetString(2), ReadAcknowledgement(reader, 7), reader.IsDBNull(12) ? null : reader.GetString(12)),
        ParseStatus(reader.GetString(4)),
        reader.GetFieldValue<DateTimeOffset>(5),
        reader.IsDBNull(11) ? null : reader.GetString(11),
        reader.IsDBNull(6) ? null : reader.GetString(6));

    public static AlertMessage ReadMessage(string payload, string publicId, Acknowledgement? acknowledged, string? muteNotice) =>
        JsonSerializer.Deserialize(payload, StorageJsonContext.Default.AlertMessage)! with
        {
            AlertId = publicId,
            Acknowledged = acknowledged,
            MuteNotice = muteNotice is null ? null : JsonSerializer.Deserialize(muteNotice, StorageJsonContext.Default.MuteNotice),
        };

    public static string WriteMuteNotice(MuteNotice notice) => JsonSerializer.Serialize(notice, StorageJsonContext.Default.MuteNotice);

    /// <summary>Reads <see cref="AckColumns"/> starting at <paramref name="first"/>; null when not acknowledged.</summary>
    public static Acknowledgement? ReadAcknowledgement(NpgsqlDataReader reader, int first) =>
        reader.IsDBNull(first)
            ? null
            : new Acknowledgement(
                new Actor(reader.GetString(first + 1), reader.GetString(first + 2)),
                reader.GetFieldValue<DateTimeOffset>(first),
                reader.IsDBNull(first + 3) ? null : reader.GetString(first + 3));

    public static string StatusText(AlertStatus status) => status.ToString().ToLowerInvariant();

    public static AlertStatus ParseStatus(string text) => Enum.Parse<AlertStatus>(text, ignoreCase: true);
}
