using System.Text.Json;
using Microsoft.Data.Sqlite;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Storage;
using static PolicyWatchBot.Storage.Sqlite.SqliteStore;

namespace PolicyWatchBot.Storage.Sqlite;

internal sealed class SqlitePollTransaction(SqliteConnection connection, SqliteTransaction transaction, TimeProvider time) : IPollTransaction
{
    public async Task<IReadOnlyDictionary<ItemKey, StoredItem>> GetLatestAsync(FeedId feed, IReadOnlyCollection<ItemKey> keys, CancellationToken cancellationToken)
    {
        var result = new Dictionary<ItemKey, StoredItem>();
        foreach (var key in keys)
        {
            await using var command = Command(transaction, """
                SELECT r.revision, r.snapshot,
                       EXISTS (SELECT 1 FROM item_feeds f WHERE f.item_key = r.item_key AND f.feed_id = $feed)
                FROM item_revisions r WHERE r.item_key = $k ORDER BY r.revision DESC LIMIT 1
                """, ("$k", key.Value), ("$feed", feed.Value));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                var snapshot = JsonSerializer.Deserialize(reader.GetString(1), StorageJsonContext.Default.FeedItem)!;
                result[key] = new StoredItem(snapshot, reader.GetInt32(0), reader.GetInt64(2) == 1);
            }
        }

        return result;
    }

    public async Task AddRevisionAsync(NewRevision revision, FeedId feed, CancellationToken cancellationToken)
    {
        var item = revision.Item;
        var now = DbTime.Write(time.GetUtcNow());
        if (revision.Revision == 1)
        {
            await using var insertItem = Command(transaction,
                "INSERT INTO items (item_key, first_seen_at, first_feed_id) VALUES ($k, $at, $feed)",
                ("$k", item.Key.Value), ("$at", now), ("$feed", feed.Value));
            await insertItem.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var insert = Command(transaction, """
            INSERT INTO item_revisions (item_key, revision, kind, feed_id, seen_at, published_on, snapshot, changes)
            VALUES ($k, $rev, $kind, $feed, $at, $pub, $snapshot, $changes)
            """,
            ("$k", item.Key.Value), ("$rev", revision.Revision), ("$kind", revision.Kind.ToString()), ("$feed", feed.Value),
            ("$at", now), ("$pub", item.PublishedOn is { } published ? WriteDate(published) : null),
            ("$snapshot", JsonSerializer.Serialize(item, StorageJsonContext.Default.FeedItem)),
            ("$changes", JsonSerializer.Serialize(revision.Changes.ToList(), StorageJsonContext.Default.ListFieldChange)));
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task MarkCarriedAsync(ItemKey item, FeedId feed, CancellationToken cancellationToken)
    {
        await using var command = Command(transaction, """
            INSERT INTO item_feeds (item_key, feed_id, first_seen_at) VALUES ($k, $feed, $at)
            ON CONFLICT (item_key, feed_id) DO NOTHING
            """, ("$k", item.Value), ("$feed", feed.Value), ("$at", DbTime.Write(time.GetUtcNow())));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<string?> GetFirstAlertIdAsync(long channelId, ItemKey item, CancellationToken cancellationToken)
    {
        await using var command = Command(transaction,
            "SELECT public_id FROM alerts WHERE channel_id = $c AND item_key = $k ORDER BY revision LIMIT 1",
            ("$c", channelId), ("$k", item.Value));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>
    /// A held alert is stored as muted. When the alert is new, the names of the rules that matched
    /// it are recorded (alert_rules) for hit counts.
    /// </summary>
    public async Task<string?> EnqueueAlertAsync(PendingAlert alert, CancellationToken cancellationToken)
    {
        var now = DbTime.Write(time.GetUtcNow());
        var status = alert.Held ? AlertStatus.Muted : AlertStatus.Pending;
        long id;
        await using (var insert = Command(transaction, """
            INSERT INTO alerts (channel_id, item_key, revision, kind, status, payload, created_at, next_attempt_at)
            VALUES ($c, $k, $rev, $kind, $status, '{}', $at, $at)
            ON CONFLICT (channel_id, item_key, revision) DO NOTHING
            RETURNING id
            """,
            ("$c", alert.ChannelId), ("$k", alert.Item.Value), ("$rev", alert.Revision), ("$kind", alert.Message.Kind.ToString()),
            ("$status", AlertRows.StatusText(status)), ("$at", now)))
        {
            if (await insert.ExecuteScalarAsync(cancellationToken) is not long inserted)
            {
                return null;
            }

            id = inserted;
        }

        var publicId = AlertId.FromSequence(id);
        var message = alert.Message with { AlertId = publicId, Acknowledged = null };
        await ExecuteAsync(transaction, "UPDATE alerts SET public_id = $pid, payload = $payload WHERE id = $id", cancellationToken,
            ("$pid", publicId), ("$payload", JsonSerializer.Serialize(message, StorageJsonContext.Default.AlertMessage)), ("$id", id));
        foreach (var rule in message.MatchedRules.Select(r => r.Name).Distinct(StringComparer.Ordinal))
        {
            await ExecuteAsync(transaction, """
                INSERT INTO alert_rules (alert_id, channel_id, rule_name, created_at) VALUES ($id, $c, $rule, $at)
                ON CONFLICT (alert_id, rule_name) DO NOTHING
                """, cancellationToken, ("$id", id), ("$c", alert.ChannelId), ("$rule", rule), ("$at", now));
        }

        return publicId;
    }

    /// <inheritdoc cref="DigestRows.InsertAsync"/>
    public Task<string> AddDigestAsync(long channelId, AlertDigest digest, CancellationToken cancellationToken) =>
        DigestRows.InsertAsync(transaction, channelId, digest, time.GetUtcNow(), cancellationToken);

    public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
