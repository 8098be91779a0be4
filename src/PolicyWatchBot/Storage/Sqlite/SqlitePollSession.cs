using System.Text.Json;
using Microsoft.Data.Sqlite;
using PolicyWatchBot.Core.Alerting;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Mutes;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Core.Threads;
using static PolicyWatchBot.Storage.Sqlite.SqliteStore;

namespace PolicyWatchBot.Storage.Sqlite;

/// <summary>
/// One poll in one IMMEDIATE transaction: the write lock is taken when the session starts, so the
/// state read is the state the plan is written over.
/// </summary>
internal sealed class SqlitePollSession(SqliteConnection connection, SqliteTransaction transaction, TimeProvider time) : IPollSession
{
    public async Task<PollState> LoadAsync(FeedId feed, IReadOnlyCollection<ItemKey> keys, CancellationToken cancellationToken)
    {
        var latest = new Dictionary<ItemKey, StoredItem>();
        var unreadable = new Dictionary<ItemKey, string>();
        await using (var command = Command(transaction, """
            SELECT r.revision, r.snapshot,
                   EXISTS (SELECT 1 FROM item_feeds f WHERE f.item_key = i.item_key AND f.feed_id = $feed)
            FROM items i JOIN item_revisions r ON r.item_key = i.item_key AND r.revision = i.latest_revision
            WHERE i.item_key = $k
            """, ("$k", ""), ("$feed", feed.Value)))
        {
            command.Prepare();
            foreach (var key in keys)
            {
                command.Parameters["$k"].Value = key.Value;
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                {
                    if (ReadSnapshot(reader.GetString(1), out var why) is { } snapshot)
                    {
                        latest[key] = new StoredItem(snapshot, reader.GetInt32(0), reader.GetInt64(2) == 1);
                    }
                    else
                    {
                        unreadable[key] = $"revision {reader.GetInt32(0)}: {why}";
                    }
                }
            }
        }

        return new PollState
        {
            Latest = latest,
            Unreadable = unreadable,
            Mutes = await ReadActiveMutesAsync(cancellationToken),
            NextAlertSequence = await NextIdAsync("alerts", cancellationToken),
            NextDigestSequence = await NextIdAsync("digests", cancellationToken),
            NextThreadSequence = await NextIdAsync("threads", cancellationToken),
        };
    }

    /// <summary>A stored snapshot read back, or null with why when it is not the JSON of an item (damaged, or written by hand).</summary>
    private static FeedItem? ReadSnapshot(string json, out string why)
    {
        try
        {
            var item = JsonSerializer.Deserialize(json, StorageJsonContext.Default.FeedItem);
            why = item is null ? "the snapshot is null" : "";
            return item;
        }
        catch (JsonException exception)
        {
            why = $"the snapshot is not an item's JSON ({exception.Message})";
            return null;
        }
    }

    public async Task<AlertHistory> LoadAlertHistoryAsync(IReadOnlyCollection<ItemKey> keys, CancellationToken cancellationToken)
    {
        var alerts = new List<ChannelItemAlerts>();
        await using var command = Command(transaction, """
            SELECT a.channel_id,
                   (SELECT f.public_id FROM alerts f WHERE f.item_key = a.item_key AND f.channel_id = a.channel_id ORDER BY f.revision LIMIT 1),
                   MAX(a.revision)
            FROM alerts a WHERE a.item_key = $k GROUP BY a.channel_id
            """, ("$k", ""));
        command.Prepare();
        foreach (var key in keys)
        {
            command.Parameters["$k"].Value = key.Value;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                alerts.Add(new ChannelItemAlerts(reader.GetInt64(0), key, reader.GetString(1), reader.GetInt32(2)));
            }
        }

        return new AlertHistory(alerts);
    }

    public Task<ThreadBook> LoadThreadsAsync(IReadOnlyCollection<ItemKey> keys, CancellationToken cancellationToken) =>
        ThreadRows.LoadAsync(transaction, keys, cancellationToken);

    public async Task WriteAsync(PollPlan plan, CancellationToken cancellationToken)
    {
        var now = DbTime.Write(time.GetUtcNow());
        foreach (var revision in plan.Revisions)
        {
            await AddRevisionAsync(revision, plan.Feed, now, cancellationToken);
        }

        foreach (var item in plan.NewlyCarried)
        {
            await ExecuteAsync(transaction, """
                INSERT INTO item_feeds (item_key, feed_id, first_seen_at) VALUES ($k, $feed, $at)
                ON CONFLICT (item_key, feed_id) DO NOTHING
                """, cancellationToken, ("$k", item.Value), ("$feed", plan.Feed.Value), ("$at", now));
        }

        foreach (var alert in plan.Alerts)
        {
            await AddAlertAsync(alert, now, cancellationToken);
        }

        foreach (var digest in plan.Digests)
        {
            await DigestRows.InsertAsync(transaction, digest.ChannelId, digest.Sequence, digest.Digest, time.GetUtcNow(), cancellationToken);
        }

        await ThreadRows.WriteAsync(transaction, plan, time.GetUtcNow(), cancellationToken);
        await ReminderRows.TrackAsync(transaction, plan.Alerts, time.GetUtcNow(), cancellationToken);

        await transaction.CommitAsync(cancellationToken);
    }

    private async Task AddRevisionAsync(NewRevision revision, FeedId feed, string now, CancellationToken cancellationToken)
    {
        var item = revision.Item;
        bool latest;
        if (revision.Revision == 1)
        {
            latest = await ExecuteAsync(transaction, "INSERT INTO items (item_key, first_seen_at, first_feed_id, latest_revision) VALUES ($k, $at, $feed, 1)",
                cancellationToken, ("$k", item.Key.Value), ("$at", now), ("$feed", feed.Value)) == 1;
        }
        else
        {
            latest = await ExecuteAsync(transaction, "UPDATE items SET latest_revision = $rev WHERE item_key = $k AND latest_revision < $rev",
                cancellationToken, ("$k", item.Key.Value), ("$rev", revision.Revision)) == 1;
        }

        await ExecuteAsync(transaction, """
            INSERT INTO item_revisions (item_key, revision, kind, feed_id, seen_at, published_on, snapshot, changes)
            VALUES ($k, $rev, $kind, $feed, $at, $pub, $snapshot, $changes)
            """, cancellationToken,
            ("$k", item.Key.Value), ("$rev", revision.Revision), ("$kind", revision.Kind.ToString()), ("$feed", feed.Value),
            ("$at", now), ("$pub", item.PublishedOn is { } published ? WriteDate(published) : null),
            ("$snapshot", JsonSerializer.Serialize(item, StorageJsonContext.Default.FeedItem)),
            ("$changes", JsonSerializer.Serialize(revision.Changes.ToList(), StorageJsonContext.Default.ListFieldChange)));
        if (latest)
        {
            await ItemSearchRows.IndexAsync(transaction, item, cancellationToken);
        }

        if (item.Body is { } body)
        {
            await ExecuteAsync(transaction, """
                INSERT INTO item_bodies (item_key, revision, body, truncated, fetched_at) VALUES ($k, $rev, $body, $cut, $at)
                """, cancellationToken,
                ("$k", item.Key.Value), ("$rev", revision.Revision), ("$body", body), ("$cut", revision.Item.BodyTruncated ? 1 : 0), ("$at", now));
        }
    }

    /// <summary>A held alert is stored as muted. The names of the rules that matched it are recorded (alert_rules) for hit counts.</summary>
    private async Task AddAlertAsync(PlannedAlert alert, string now, CancellationToken cancellationToken)
    {
        var status = alert.Held ? AlertStatus.Muted : alert.ForDigest ? AlertStatus.Digest : AlertStatus.Pending;
        var message = alert.Message with { Acknowledged = null };
        await ExecuteAsync(transaction, """
            INSERT INTO alerts (id, public_id, channel_id, item_key, revision, kind, status, payload, created_at, next_attempt_at)
            VALUES ($id, $pid, $c, $k, $rev, $kind, $status, $payload, $at, $at)
            """, cancellationToken,
            ("$id", alert.Sequence), ("$pid", message.AlertId), ("$c", alert.ChannelId), ("$k", alert.Item.Value), ("$rev", alert.Revision),
            ("$kind", message.Kind.ToString()), ("$status", AlertRows.StatusText(status)),
            ("$payload", JsonSerializer.Serialize(message, StorageJsonContext.Default.AlertMessage)), ("$at", now));
        foreach (var rule in message.MatchedRules.Select(r => r.Name).Distinct(StringComparer.Ordinal))
        {
            await ExecuteAsync(transaction, """
                INSERT INTO alert_rules (alert_id, channel_id, rule_name, created_at) VALUES ($id, $c, $rule, $at)
                ON CONFLICT (alert_id, rule_name) DO NOTHING
                """, cancellationToken, ("$id", alert.Sequence), ("$c", alert.ChannelId), ("$rule", rule), ("$at", now));
        }
    }

    private async Task<IReadOnlyDictionary<long, IReadOnlyList<Mute>>> ReadActiveMutesAsync(CancellationToken cancellationToken)
    {
        var mutes = await SqliteStore.ReadActiveMutesAsync(transaction, time.GetUtcNow(), cancellationToken);
        return mutes.GroupBy(m => m.ChannelId).ToDictionary(g => g.Key, g => (IReadOnlyList<Mute>)[.. g.Select(m => m.Mute)]);
    }

    private async Task<long> NextIdAsync(string table, CancellationToken cancellationToken)
    {
        await using var command = Command(transaction, $"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
