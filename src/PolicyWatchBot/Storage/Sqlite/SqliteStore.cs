using System.Text.Json;
using Microsoft.Data.Sqlite;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Storage.Sqlite;

/// <summary>The embedded store: one SQLite file in WAL mode.</summary>
internal sealed class SqliteStore(SqliteConnectionFactory connections, TimeProvider time) : IStore
{
    public string DatabasePath => connections.DatabasePath;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await SqliteMigrator.MigrateAsync(connection, cancellationToken);
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT COUNT(*) FROM schema_version");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! > 0;
    }

    public async Task<FeedState> GetFeedStateAsync(FeedId feed, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT * FROM feed_state WHERE feed_id = $f", ("$f", feed.Value));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadFeedState(reader) : FeedState.Empty(feed);
    }

    public async Task<IReadOnlyList<FeedState>> GetFeedStatesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT * FROM feed_state ORDER BY feed_id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var states = new List<FeedState>();
        while (await reader.ReadAsync(cancellationToken))
        {
            states.Add(ReadFeedState(reader));
        }

        return states;
    }

    public async Task SaveFeedStateAsync(FeedState state, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            INSERT INTO feed_state (feed_id, etag, last_modified, body_hash, last_polled_at, last_success_at, last_error_at,
                                    last_error, consecutive_failures, last_item_count, warning, retry_after)
            VALUES ($f, $etag, $lm, $hash, $polled, $success, $errorAt, $error, $failures, $count, $warning, $retry)
            ON CONFLICT (feed_id) DO UPDATE SET
                etag = excluded.etag, last_modified = excluded.last_modified, body_hash = excluded.body_hash,
                last_polled_at = excluded.last_polled_at, last_success_at = excluded.last_success_at,
                last_error_at = excluded.last_error_at, last_error = excluded.last_error,
                consecutive_failures = excluded.consecutive_failures, last_item_count = excluded.last_item_count,
                warning = excluded.warning, retry_after = excluded.retry_after
            """,
            ("$f", state.Feed.Value), ("$etag", state.ETag), ("$lm", state.LastModified), ("$hash", state.BodyHash),
            ("$polled", DbTime.WriteOrNull(state.LastPolledAt)), ("$success", DbTime.WriteOrNull(state.LastSuccessAt)),
            ("$errorAt", DbTime.WriteOrNull(state.LastErrorAt)), ("$error", state.LastError),
            ("$failures", state.ConsecutiveFailures), ("$count", state.LastItemCount), ("$warning", state.Warning),
            ("$retry", DbTime.WriteOrNull(state.RetryAfter)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlySet<ItemKey>> FilterKnownAsync(IReadOnlyCollection<ItemKey> keys, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var known = new HashSet<ItemKey>();
        foreach (var key in keys)
        {
            await using var command = Command(connection, "SELECT 1 FROM items WHERE item_key = $k", ("$k", key.Value));
            if (await command.ExecuteScalarAsync(cancellationToken) is not null)
            {
                known.Add(key);
            }
        }

        return known;
    }

    public async Task<IPollTransaction> BeginPollAsync(CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken);
        try
        {
            // IMMEDIATE: take the write lock now, so two polls never diff against the same stale state.
            var transaction = connection.BeginTransaction(deferred: false);
            return new SqlitePollTransaction(connection, transaction, time);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<long> EnsureChannelAsync(ChannelKey key, string displayName, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var insert = Command(connection, """
            INSERT INTO channels (platform, workspace, channel, display_name, created_at) VALUES ($p, $w, $c, $n, $at)
            ON CONFLICT (platform, workspace, channel) DO UPDATE SET display_name = excluded.display_name
            RETURNING id
            """,
            ("$p", key.Platform), ("$w", key.Workspace), ("$c", key.Channel), ("$n", displayName), ("$at", Now()));
        return (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<bool> AddSubscriptionAsync(long channelId, string target, string createdBy, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            INSERT INTO subscriptions (channel_id, target, created_at, created_by) VALUES ($c, $t, $at, $by)
            ON CONFLICT (channel_id, target) DO NOTHING
            """,
            ("$c", channelId), ("$t", target), ("$at", Now()), ("$by", createdBy));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> RemoveSubscriptionAsync(long channelId, string target, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, "DELETE FROM subscriptions WHERE channel_id = $c AND target = $t", ("$c", channelId), ("$t", target));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<string>> GetSubscriptionsAsync(long channelId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT target FROM subscriptions WHERE channel_id = $c ORDER BY target", ("$c", channelId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var targets = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            targets.Add(reader.GetString(0));
        }

        return targets;
    }

    public async Task<bool> UpsertRuleAsync(long channelId, RuleDefinition rule, string changedBy, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            INSERT INTO rules (channel_id, name, expression, created_at, created_by, updated_at) VALUES ($c, $n, $e, $at, $by, $at)
            ON CONFLICT (channel_id, name) DO UPDATE SET expression = excluded.expression, updated_at = excluded.updated_at
            WHERE rules.expression <> excluded.expression
            """,
            ("$c", channelId), ("$n", rule.Name), ("$e", rule.Expression), ("$at", Now()), ("$by", changedBy));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> RemoveRuleAsync(long channelId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, "DELETE FROM rules WHERE channel_id = $c AND name = $n", ("$c", channelId), ("$n", name));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<RuleDefinition>> GetRulesAsync(long channelId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await ReadRulesAsync(connection, channelId, cancellationToken);
    }

    public async Task<IReadOnlyList<ChannelRuleSet>> GetSubscribersAsync(FeedDefinition feed, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var targets = new List<string> { feed.Id.Value, "all" };
        targets.AddRange(feed.Tags.Select(t => "#" + t));
        var names = string.Join(", ", targets.Select((_, i) => "$t" + i));
        await using var command = Command(connection, $"""
            SELECT DISTINCT c.id, c.platform, c.workspace, c.channel
            FROM channels c JOIN subscriptions s ON s.channel_id = c.id
            WHERE s.target IN ({names}) ORDER BY c.id
            """,
            targets.Select((t, i) => ("$t" + i, (object?)t)).ToArray());
        var channels = new List<(long Id, ChannelKey Key)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                channels.Add((reader.GetInt64(0), new ChannelKey(reader.GetString(1), reader.GetString(2), reader.GetString(3))));
            }
        }

        var result = new List<ChannelRuleSet>(channels.Count);
        foreach (var (id, key) in channels)
        {
            result.Add(new ChannelRuleSet(id, key, await ReadRulesAsync(connection, id, cancellationToken)));
        }

        return result;
    }

    public async Task<IReadOnlyList<OutboxEntry>> ClaimDueAlertsAsync(string owner, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            UPDATE alerts SET lease_owner = $owner, lease_expires_at = $expires, attempts = attempts + 1
            WHERE id IN (
                SELECT id FROM alerts
                WHERE status = 'pending' AND next_attempt_at <= $now AND (lease_expires_at IS NULL OR lease_expires_at <= $now)
                ORDER BY id LIMIT $max)
            RETURNING id, channel_id, public_id, payload, attempts, lease_expires_at
            """,
            ("$owner", owner), ("$expires", DbTime.Write(now + lease)), ("$now", DbTime.Write(now)), ("$max", max));
        var claimed = new List<(long Id, long Channel, string PublicId, string Payload, int Attempts, DateTimeOffset Expires)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4), DbTime.Read(reader.GetString(5))));
            }
        }

        var entries = new List<OutboxEntry>(claimed.Count);
        foreach (var row in claimed.OrderBy(r => r.Id))
        {
            var message = JsonSerializer.Deserialize(row.Payload, StorageJsonContext.Default.AlertMessage)!;
            entries.Add(new OutboxEntry(row.Id, await ReadChannelKeyAsync(connection, row.Channel, cancellationToken), message, row.Attempts, owner, row.Expires));
        }

        return entries;
    }

    public Task MarkSentAsync(long alertId, string owner, string? platformMessageId, DateTimeOffset at, CancellationToken cancellationToken) =>
        UpdateClaimedAsync(alertId, owner,
            "status = 'sent', sent_at = $at, platform_message_id = $mid, last_error = NULL",
            cancellationToken, ("$at", DbTime.Write(at)), ("$mid", platformMessageId));

    public Task MarkRetryAsync(long alertId, string owner, DateTimeOffset nextAttemptAt, string reason, CancellationToken cancellationToken) =>
        UpdateClaimedAsync(alertId, owner, "next_attempt_at = $next, last_error = $error",
            cancellationToken, ("$next", DbTime.Write(nextAttemptAt)), ("$error", reason));

    public Task MarkFailedAsync(long alertId, string owner, string reason, CancellationToken cancellationToken) =>
        UpdateClaimedAsync(alertId, owner, "status = 'failed', last_error = $error", cancellationToken, ("$error", reason));

    public async Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT MIN(MAX(next_attempt_at, COALESCE(lease_expires_at, next_attempt_at))) FROM alerts WHERE status = 'pending'
            """);
        return DbTime.ReadOrNull(await command.ExecuteScalarAsync(cancellationToken) ?? DBNull.Value);
    }

    public async Task<OutboxCounts> GetOutboxCountsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT status, COUNT(*) FROM alerts GROUP BY status");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return new OutboxCounts(
            counts.GetValueOrDefault("pending"), counts.GetValueOrDefault("sent"), counts.GetValueOrDefault("failed"),
            counts.GetValueOrDefault("parked"), counts.GetValueOrDefault("muted"));
    }

    public async Task<int> CountRevisionsAsync(ItemKey item, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT COUNT(*) FROM item_revisions WHERE item_key = $k", ("$k", item.Value));
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    internal static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private async Task UpdateClaimedAsync(long alertId, string owner, string set, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection,
            $"UPDATE alerts SET {set}, lease_owner = NULL, lease_expires_at = NULL WHERE id = $id AND lease_owner = $owner",
            [("$id", alertId), ("$owner", owner), .. parameters]);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<IReadOnlyList<RuleDefinition>> ReadRulesAsync(SqliteConnection connection, long channelId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, "SELECT name, expression FROM rules WHERE channel_id = $c ORDER BY name", ("$c", channelId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rules = new List<RuleDefinition>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rules.Add(new RuleDefinition(reader.GetString(0), reader.GetString(1)));
        }

        return rules;
    }

    private static async Task<ChannelKey> ReadChannelKeyAsync(SqliteConnection connection, long channelId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, "SELECT platform, workspace, channel FROM channels WHERE id = $c", ("$c", channelId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new ChannelKey(reader.GetString(0), reader.GetString(1), reader.GetString(2));
    }

    private static FeedState ReadFeedState(SqliteDataReader reader) => new()
    {
        Feed = new FeedId(reader.GetString(reader.GetOrdinal("feed_id"))),
        ETag = reader["etag"] as string,
        LastModified = reader["last_modified"] as string,
        BodyHash = reader["body_hash"] as string,
        LastPolledAt = DbTime.ReadOrNull(reader["last_polled_at"]),
        LastSuccessAt = DbTime.ReadOrNull(reader["last_success_at"]),
        LastErrorAt = DbTime.ReadOrNull(reader["last_error_at"]),
        LastError = reader["last_error"] as string,
        ConsecutiveFailures = reader.GetInt32(reader.GetOrdinal("consecutive_failures")),
        LastItemCount = reader["last_item_count"] is long count ? (int)count : null,
        Warning = reader["warning"] as string,
        RetryAfter = DbTime.ReadOrNull(reader["retry_after"]),
    };

    private string Now() => DbTime.Write(time.GetUtcNow());
}
