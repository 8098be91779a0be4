using Npgsql;
using PolicyWatchBot.Core.Alerting;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Core.Watchlists;

namespace PolicyWatchBot.Storage.Postgres;

/// <summary>
/// Channels, subscriptions, rules and rule hit counts, as on SQLite: each change is audited in its
/// own transaction (a command's several targets in one), only when it changed something, and takes
/// its channel's row lock first so concurrent changes to one channel take turns. Rule names are
/// compared exactly; subscriptions and rules are listed in byte order, as SQLite sorts them.
/// </summary>
internal sealed partial class PostgresStore : IChannelStore
{
    /// <summary>The columns <see cref="ReadRule"/> reads, in its order.</summary>
    private const string RuleColumns = "name, expression, urgent, notify_kind, notify_id";

    public async Task<long> EnsureChannelAsync(ChannelKey key, string displayName, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var insert = Command(connection, """
            INSERT INTO channels (platform, workspace, channel, display_name, created_at) VALUES (@p, @w, @c, @n, @at)
            ON CONFLICT (platform, workspace, channel) DO UPDATE SET display_name = excluded.display_name
            RETURNING id
            """,
            ("p", key.Platform), ("w", key.Workspace), ("c", key.Channel), ("n", displayName), ("at", Now));
        return (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<bool> AddSubscriptionAsync(long channelId, string target, Actor actor, CancellationToken cancellationToken) =>
        (await AddSubscriptionsAsync(channelId, [target], actor, cancellationToken)).Count == 1;

    public Task<IReadOnlyList<string>> AddSubscriptionsAsync(long channelId, IReadOnlyList<string> targets, Actor actor, CancellationToken cancellationToken) =>
        WriteChannelAsync<IReadOnlyList<string>>(channelId, async transaction =>
        {
            var added = new List<string>();
            foreach (var target in targets)
            {
                if (await ExecuteAsync(transaction, """
                    INSERT INTO subscriptions (channel_id, target, created_at, created_by) VALUES (@c, @t, @at, @by)
                    ON CONFLICT (channel_id, target) DO NOTHING
                    """, cancellationToken, ("c", channelId), ("t", target), ("at", Now), ("by", actor.UserId)) == 1)
                {
                    await AuditRows.WriteAsync(transaction, channelId, actor, "subscribe", null, target, Now, cancellationToken);
                    added.Add(target);
                }
            }

            return added;
        }, cancellationToken);

    public async Task<bool> RemoveSubscriptionAsync(long channelId, string target, Actor actor, CancellationToken cancellationToken) =>
        (await RemoveSubscriptionsAsync(channelId, [target], actor, cancellationToken)).Count == 1;

    public Task<IReadOnlyList<string>> RemoveSubscriptionsAsync(long channelId, IReadOnlyList<string> targets, Actor actor, CancellationToken cancellationToken) =>
        WriteChannelAsync<IReadOnlyList<string>>(channelId, async transaction =>
        {
            var removed = new List<string>();
            foreach (var target in targets)
            {
                if (await ExecuteAsync(transaction, "DELETE FROM subscriptions WHERE channel_id = @c AND target = @t",
                    cancellationToken, ("c", channelId), ("t", target)) == 1)
                {
                    await AuditRows.WriteAsync(transaction, channelId, actor, "unsubscribe", target, null, Now, cancellationToken);
                    removed.Add(target);
                }
            }

            return removed;
        }, cancellationToken);

    public async Task<IReadOnlyList<string>> GetSubscriptionsAsync(long channelId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT target FROM subscriptions WHERE channel_id = @c ORDER BY target COLLATE \"C\"", ("c", channelId));
        return await ReadAllAsync(command, r => r.GetString(0), cancellationToken);
    }

    public Task<bool> AddRuleAsync(long channelId, RuleDefinition rule, Actor actor, CancellationToken cancellationToken) =>
        WriteChannelAsync(channelId, async transaction =>
        {
            if (await ReadRuleAsync(transaction, channelId, rule.Name, cancellationToken) is not null)
            {
                return false;
            }

            await InsertRuleAsync(transaction, channelId, rule, actor, cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>An identical expression returns it unchanged, with no audit row.</summary>
    public Task<string?> ReplaceRuleAsync(long channelId, RuleDefinition rule, Actor actor, CancellationToken cancellationToken) =>
        WriteChannelAsync(channelId, async transaction =>
        {
            var before = (await ReadRuleAsync(transaction, channelId, rule.Name, cancellationToken))?.Expression;
            if (before is not null && before != rule.Expression)
            {
                await UpdateRuleAsync(transaction, channelId, rule, before, actor, cancellationToken);
            }

            return before;
        }, cancellationToken);

    public Task<bool> UpsertRuleAsync(long channelId, RuleDefinition rule, Actor actor, CancellationToken cancellationToken) =>
        WriteChannelAsync(channelId, async transaction =>
        {
            var before = (await ReadRuleAsync(transaction, channelId, rule.Name, cancellationToken))?.Expression;
            if (before is null)
            {
                await InsertRuleAsync(transaction, channelId, rule, actor, cancellationToken);
                return true;
            }

            if (before == rule.Expression)
            {
                return false;
            }

            await UpdateRuleAsync(transaction, channelId, rule, before, actor, cancellationToken);
            return true;
        }, cancellationToken);

    public Task<string?> RemoveRuleAsync(long channelId, string name, Actor actor, CancellationToken cancellationToken) =>
        WriteChannelAsync(channelId, async transaction =>
        {
            string? removed;
            await using (var command = Command(transaction, "DELETE FROM rules WHERE channel_id = @c AND name = @n RETURNING expression",
                ("c", channelId), ("n", name)))
            {
                removed = await command.ExecuteScalarAsync(cancellationToken) as string;
            }

            if (removed is not null)
            {
                await AuditRows.WriteAsync(transaction, channelId, actor, "rule remove", AuditText.Rule(name, removed), null, Now, cancellationToken);
            }

            return removed;
        }, cancellationToken);

    public async Task<IReadOnlyList<RuleDefinition>> GetRulesAsync(long channelId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, $"SELECT {RuleColumns} FROM rules WHERE channel_id = @c ORDER BY name COLLATE \"C\"", ("c", channelId));
        return await ReadAllAsync(command, r => ReadRule(r, 0), cancellationToken);
    }

    public Task<RuleDefinition?> SetRuleUrgentAsync(long channelId, string name, bool urgent, Actor actor, CancellationToken cancellationToken) =>
        WriteChannelAsync(channelId, async transaction =>
        {
            var before = await ReadRuleAsync(transaction, channelId, name, cancellationToken);
            if (before is not null && before.Urgent != urgent)
            {
                await ExecuteAsync(transaction, "UPDATE rules SET urgent = @u, updated_at = @at WHERE channel_id = @c AND name = @n",
                    cancellationToken, ("c", channelId), ("n", name), ("u", urgent), ("at", Now));
                await AuditRows.WriteAsync(transaction, channelId, actor, "rule urgent",
                    AuditText.Urgency(name, before.Urgent), AuditText.Urgency(name, urgent), Now, cancellationToken);
            }

            return before;
        }, cancellationToken);

    public Task<RuleDefinition?> SetRuleNotifyAsync(long channelId, string name, Mention? notify, Actor actor, CancellationToken cancellationToken) =>
        WriteChannelAsync(channelId, async transaction =>
        {
            var before = await ReadRuleAsync(transaction, channelId, name, cancellationToken);
            if (before is not null && before.Notify != notify)
            {
                await ExecuteAsync(transaction, "UPDATE rules SET notify_kind = @kind, notify_id = @id, updated_at = @at WHERE channel_id = @c AND name = @n",
                    cancellationToken, ("c", channelId), ("n", name), ("kind", notify is null ? null : StoredText.KindName(notify.Kind)),
                    ("id", notify?.Id), ("at", Now));
                await AuditRows.WriteAsync(transaction, channelId, actor, "rule notify",
                    AuditText.Notify(name, before.Notify), AuditText.Notify(name, notify), Now, cancellationToken);
            }

            return before;
        }, cancellationToken);

    public Task<int> SetFloodThresholdAsync(long channelId, int threshold, Actor actor, CancellationToken cancellationToken) =>
        WriteChannelAsync(channelId, async transaction =>
        {
            await using var read = Command(transaction, "SELECT flood_threshold FROM channels WHERE id = @c", ("c", channelId));
            var before = await read.ExecuteScalarAsync(cancellationToken) is int stored ? stored : AlertDigest.FloodThreshold;
            if (before != threshold)
            {
                await ExecuteAsync(transaction, "UPDATE channels SET flood_threshold = @t WHERE id = @c", cancellationToken, ("c", channelId), ("t", threshold));
                await AuditRows.WriteAsync(transaction, channelId, actor, "flood", AuditText.Number(before), AuditText.Number(threshold), Now, cancellationToken);
            }

            return before;
        }, cancellationToken);

    /// <summary>Counts distinct alerts per matched rule name (alert_rules, filled at enqueue), muted and grouped ones included.</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountRuleHitsAsync(long channelId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT rule_name, COUNT(DISTINCT alert_id)::integer FROM alert_rules
            WHERE channel_id = @c AND created_at >= @since GROUP BY rule_name
            """, ("c", channelId), ("since", since));
        var rows = await ReadAllAsync(command, r => (Name: r.GetString(0), Hits: r.GetInt32(1)), cancellationToken);
        return rows.ToDictionary(r => r.Name, r => r.Hits, StringComparer.Ordinal);
    }

    public async Task<long> GetSetupVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT version FROM setup_version WHERE id = 1");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Read in one repeatable-read transaction: every statement sees the same snapshot, so the version
    /// is that of the channels read (read committed would let a change commit between two of the reads).
    /// </summary>
    public async Task<(IReadOnlyList<ChannelSetup> Channels, long Version)> GetChannelSetupsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        long version;
        await using (var command = Command(transaction, "SELECT version FROM setup_version WHERE id = 1"))
        {
            version = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        await using var channelsCommand = Command(transaction, "SELECT id, platform, workspace, channel, flood_threshold, digest_schedule FROM channels ORDER BY id");
        var channels = await ReadAllAsync(channelsCommand,
            r => (Id: r.GetInt64(0), Key: new ChannelKey(r.GetString(1), r.GetString(2), r.GetString(3)), Flood: r.IsDBNull(4) ? (int?)null : r.GetInt32(4), Digest: !r.IsDBNull(5)),
            cancellationToken);
        await using var subscriptionsCommand = Command(transaction, "SELECT channel_id, target FROM subscriptions ORDER BY channel_id, target COLLATE \"C\"");
        var subscriptions = (await ReadAllAsync(subscriptionsCommand, r => (Channel: r.GetInt64(0), Target: r.GetString(1)), cancellationToken))
            .ToLookup(s => s.Channel, s => s.Target);
        await using var rulesCommand = Command(transaction, $"SELECT channel_id, {RuleColumns} FROM rules ORDER BY channel_id, name COLLATE \"C\"");
        var rules = (await ReadAllAsync(rulesCommand, r => (Channel: r.GetInt64(0), Rule: ReadRule(r, 1)), cancellationToken))
            .ToLookup(r => r.Channel, r => r.Rule);
        var watchlists = await ReadWatchlistsAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (channels.Select(c => new ChannelSetup(c.Id, c.Key, [.. subscriptions[c.Id]], [.. rules[c.Id]])
        {
            FloodThreshold = c.Flood ?? AlertDigest.FloodThreshold,
            DigestMode = c.Digest,
            Watchlist = watchlists.GetValueOrDefault(c.Id, ChannelWatchlist.Empty),
        }).ToList(), version);
    }

    private async Task InsertRuleAsync(NpgsqlTransaction transaction, long channelId, RuleDefinition rule, Actor actor, CancellationToken cancellationToken)
    {
        await ExecuteAsync(transaction, """
            INSERT INTO rules (channel_id, name, expression, created_at, created_by, updated_at, urgent) VALUES (@c, @n, @e, @at, @by, @at, @urgent)
            """, cancellationToken, ("c", channelId), ("n", rule.Name), ("e", rule.Expression), ("at", Now), ("by", actor.UserId), ("urgent", rule.Urgent));
        await AuditRows.WriteAsync(transaction, channelId, actor, "rule add", null,
            AuditText.Rule(rule.Name, rule.Expression) + (rule.Urgent ? " (urgent)" : ""), Now, cancellationToken);
    }

    private async Task UpdateRuleAsync(NpgsqlTransaction transaction, long channelId, RuleDefinition rule, string before, Actor actor, CancellationToken cancellationToken)
    {
        await ExecuteAsync(transaction, "UPDATE rules SET expression = @e, updated_at = @at WHERE channel_id = @c AND name = @n",
            cancellationToken, ("c", channelId), ("n", rule.Name), ("e", rule.Expression), ("at", Now));
        await AuditRows.WriteAsync(transaction, channelId, actor, "rule edit",
            AuditText.Rule(rule.Name, before), AuditText.Rule(rule.Name, rule.Expression), Now, cancellationToken);
    }

    private static async Task<RuleDefinition?> ReadRuleAsync(NpgsqlTransaction transaction, long channelId, string name, CancellationToken cancellationToken)
    {
        await using var command = Command(transaction, $"SELECT {RuleColumns} FROM rules WHERE channel_id = @c AND name = @n", ("c", channelId), ("n", name));
        return (await ReadAllAsync(command, r => ReadRule(r, 0), cancellationToken)).FirstOrDefault();
    }

    private static RuleDefinition ReadRule(NpgsqlDataReader r, int first) => new(r.GetString(first), r.GetString(first + 1))
    {
        Urgent = r.GetBoolean(first + 2),
        Notify = r.IsDBNull(first + 4) ? null : StoredText.ReadMention(r.GetString(first + 3), r.GetString(first + 4)),
    };
}
