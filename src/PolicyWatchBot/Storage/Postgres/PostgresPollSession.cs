using System.Text.Json;
using Npgsql;
using PolicyWatchBot.Core.Alerting;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Mutes;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Core.Threads;
using static PolicyWatchBot.Storage.Postgres.PostgresStore;

namespace PolicyWatchBot.Storage.Postgres;

/// <summary>
/// One poll in one transaction, under the store's write lock (<see cref="PostgresStore.WriteLock"/>),
/// taken when the session starts and held to its commit or disposal: the state read is the state the
/// plan is written over, whichever instance polls. The unique (channel, item, revision) key is the
/// database's (<c>ux_alerts_channel_item_revision</c>); a plan that breaks it writes nothing.
/// </summary>
internal sealed class PostgresPollSession(NpgsqlConnection connection, NpgsqlTransaction transaction, TimeProvider time) : IPollSession
{
    public async Task<PollState> LoadAsync(FeedId feed, IReadOnlyCollection<ItemKey> keys, CancellationToken cancellationToken)
    {
        var latest = new Dictionary<ItemKey, StoredItem>();
        var unreadable = new Dictionary<ItemKey, string>();
        await using (var command = Command(connection, """
            SELECT i.item_key, r.revision, r.snapshot::text,
                   EXISTS (SELECT 1 FROM item_feeds f WHERE f.item_key = i.item_key AND f.feed_id = @feed)
            FROM items i JOIN item_revisions r ON r.item_key = i.item_key AND r.revision = i.latest_revision
            WHERE i.item_key = ANY(@keys)
            """, ("keys", KeyArray(keys)), ("feed", feed.Value)))
        {
            foreach (var (key, revision, json, carried) in await ReadAllAsync(command, r => (new ItemKey(r.GetString(0)), r.GetInt32(1), r.GetString(2), r.GetBoolean(3)), cancellationToken))
            {
                if (ReadSnapshot(json, out var why) is { } snapshot)
                {
                    latest[key] = new StoredItem(snapshot, revision, carried);
                }
                else
                {
                    unreadable[key] = $"revision {revision}: {why}";
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
        await using var command = Command(connection, """
            SELECT a.channel_id, a.item_key,
                   (SELECT f.public_id FROM alerts f WHERE f.item_key = a.item_key AND f.channel_id = a.channel_id ORDER BY f.revision LIMIT 1),
                   MAX(a.revision)
            FROM alerts a WHERE a.item_key = ANY(@keys) GROUP BY a.channel_id, a.item_key
            ORDER BY a.item_key, a.channel_id
            """, ("keys", KeyArray(keys)));
        var alerts = await ReadAllAsync(command, r => new ChannelItemAlerts(r.GetInt64(0), new ItemKey(r.GetString(1)), r.GetString(2), r.GetInt32(3)), cancellationToken);
        return new AlertHistory(alerts);
    }

    public Task<ThreadBook> LoadThreadsAsync(IReadOnlyCollection<ItemKey> keys, CancellationToken cancellationToken) =>
        ThreadRows.LoadAsync(connection, keys, cancellationToken);

    public async Task WriteAsync(PollPlan plan, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var batch = new PostgresWriteBatch(connection);
        foreach (var revision in plan.Revisions)
        {
            AddRevision(batch, revision, plan.Feed, now);
        }

        foreach (var item in plan.NewlyCarried)
        {
            batch.Add("""
                INSERT INTO item_feeds (item_key, feed_id, first_seen_at) VALUES (@k, @feed, @at)
                ON CONFLICT (item_key, feed_id) DO NOTHING
                """, ("k", item.Value), ("feed", plan.Feed.Value), ("at", now));
        }

        await batch.ExecuteAsync(cancellationToken);
        await AddAlertsAsync(plan.Alerts, now, cancellationToken);
        foreach (var digest in plan.Digests)
        {
            await DigestRows.InsertAsync(connection, digest.ChannelId, digest.Sequence, digest.Digest, now, cancellationToken);
        }

        await ThreadRows.WriteAsync(connection, plan, now, cancellationToken);
        await ReminderRows.TrackAsync(connection, plan.Alerts, now, cancellationToken);

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// The revision, and the item made to point at it when it is the newest (the first creates the
    /// item): only then are its terms indexed and its date taken, which the statements check themselves.
    /// </summary>
    private static void AddRevision(PostgresWriteBatch batch, NewRevision revision, FeedId feed, DateTimeOffset now)
    {
        var item = revision.Item;
        var key = item.Key.Value;
        if (revision.Revision == 1)
        {
            batch.Add("INSERT INTO items (item_key, first_seen_at, first_feed_id, latest_revision) VALUES (@k, @at, @feed, 1)",
                ("k", key), ("at", now), ("feed", feed.Value));
        }
        else
        {
            batch.Add("UPDATE items SET latest_revision = @rev WHERE item_key = @k AND latest_revision < @rev", ("k", key), ("rev", revision.Revision));
        }

        batch.Add("""
            INSERT INTO item_revisions (item_key, revision, kind, feed_id, seen_at, published_on, snapshot, changes)
            VALUES (@k, @rev, @kind, @feed, @at, @pub::date, @snapshot::jsonb, @changes::jsonb)
            """,
            ("k", key), ("rev", revision.Revision), ("kind", revision.Kind.ToString()), ("feed", feed.Value), ("at", now), ("pub", item.PublishedOn),
            ("snapshot", JsonSerializer.Serialize(item, StorageJsonContext.Default.FeedItem)),
            ("changes", JsonSerializer.Serialize(revision.Changes.ToList(), StorageJsonContext.Default.ListFieldChange)));
        ItemSearchRows.AddIndex(batch, key, IndexedTerms(item), item.PublishedOn, revision.Revision);
        if (item.Body is { } body)
        {
            batch.Add("INSERT INTO item_bodies (item_key, revision, body, truncated, fetched_at) VALUES (@k, @rev, @body, @cut, @at)",
                ("k", key), ("rev", revision.Revision), ("body", body), ("cut", item.BodyTruncated), ("at", now));
        }
    }

    private static string[] IndexedTerms(FeedItem item) => Core.Search.IndexedTerms.Of(item);

    /// <summary>
    /// All the plan's alerts in one statement, then the names of the rules that matched them (alert_rules,
    /// for hit counts). A held alert is stored as muted, one for the digest as digest.
    /// </summary>
    private async Task AddAlertsAsync(IReadOnlyList<PlannedAlert> alerts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (alerts.Count == 0)
        {
            return;
        }

        var messages = alerts.Select(a => a.Message with { Acknowledged = null }).ToList();
        await using (var insert = Command(connection, """
            INSERT INTO alerts (id, public_id, channel_id, item_key, revision, kind, status, payload, created_at, next_attempt_at)
            SELECT a.id, a.public_id, a.channel_id, a.item_key, a.revision, a.kind, a.status, a.payload::jsonb, @at, @at
            FROM unnest(@ids, @pids, @channels, @items, @revisions, @kinds, @statuses, @payloads)
                 AS a(id, public_id, channel_id, item_key, revision, kind, status, payload)
            """,
            ("ids", alerts.Select(a => a.Sequence).ToArray()), ("pids", messages.Select(m => m.AlertId).ToArray()),
            ("channels", alerts.Select(a => a.ChannelId).ToArray()), ("items", alerts.Select(a => a.Item.Value).ToArray()),
            ("revisions", alerts.Select(a => a.Revision).ToArray()), ("kinds", messages.Select(m => m.Kind.ToString()).ToArray()),
            ("statuses", alerts.Select(a => AlertRows.StatusText(a.Held ? AlertStatus.Muted : a.ForDigest ? AlertStatus.Digest : AlertStatus.Pending)).ToArray()),
            ("payloads", messages.Select(m => JsonSerializer.Serialize(m, StorageJsonContext.Default.AlertMessage)).ToArray()), ("at", now)))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        var rules = alerts.Zip(messages)
            .SelectMany(p => p.Second.MatchedRules.Select(r => r.Name).Distinct(StringComparer.Ordinal).Select(name => (p.First.Sequence, p.First.ChannelId, name)))
            .ToList();
        if (rules.Count == 0)
        {
            return;
        }

        await using var ruleRows = Command(connection, """
            INSERT INTO alert_rules (alert_id, channel_id, rule_name, created_at)
            SELECT r.alert_id, r.channel_id, r.rule_name, @at FROM unnest(@ids, @channels, @names) AS r(alert_id, channel_id, rule_name)
            ON CONFLICT (alert_id, rule_name) DO NOTHING
            """, ("ids", rules.Select(r => r.Sequence).ToArray()), ("channels", rules.Select(r => r.ChannelId).ToArray()),
            ("names", rules.Select(r => r.name).ToArray()), ("at", now));
        await ruleRows.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Every channel's active mutes, for the planner.</summary>
    private async Task<IReadOnlyDictionary<long, IReadOnlyList<Mute>>> ReadActiveMutesAsync(CancellationToken cancellationToken)
    {
        var mutes = await PostgresStore.ReadActiveMutesAsync(connection, time.GetUtcNow(), cancellationToken);
        return mutes.GroupBy(m => m.ChannelId).ToDictionary(g => g.Key, g => (IReadOnlyList<Mute>)[.. g.Select(m => m.Mute)]);
    }

    private async Task<long> NextIdAsync(string table, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, $"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
