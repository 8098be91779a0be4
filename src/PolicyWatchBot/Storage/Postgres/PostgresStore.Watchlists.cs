using Npgsql;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Core.Watchlists;

namespace PolicyWatchBot.Storage.Postgres;

/// <summary>
/// Watchlists (watchlist_entries, channels.watch_threshold), as on SQLite. A name is one entry per
/// channel whatever its case (the unique index on lower(name)); entries are listed in SQLite's
/// NOCASE order (ASCII letters folded, then bytes). Audit: <c>watch add</c>, <c>watch remove</c> and
/// <c>watch import</c> with the entry as <see cref="WatchlistEntry.ToString"/> shows it, one row per
/// entry changed; <c>watch threshold</c> with the scores.
/// </summary>
internal sealed partial class PostgresStore : IWatchlistStore
{
    private const string WatchColumns = "name, aliases, country";

    /// <summary>SQLite's NOCASE order: lower() under the C collation folds ASCII letters only.</summary>
    private const string WatchOrder = "lower(name COLLATE \"C\")";

    public Task<WatchlistEntry?> SaveWatchlistEntryAsync(long channelId, WatchlistEntry entry, Actor actor, CancellationToken cancellationToken) =>
        WriteChannelAsync(channelId, async transaction =>
        {
            var (before, _) = await SaveWatchlistEntryAsync(transaction, channelId, entry, actor, "watch add", cancellationToken);
            return before;
        }, cancellationToken);

    public Task<WatchlistImport> ImportWatchlistAsync(long channelId, IReadOnlyList<WatchlistEntry> entries, Actor actor, CancellationToken cancellationToken) =>
        WriteChannelAsync(channelId, async transaction =>
        {
            int added = 0, updated = 0, unchanged = 0;
            foreach (var entry in entries)
            {
                var (before, changed) = await SaveWatchlistEntryAsync(transaction, channelId, entry, actor, "watch import", cancellationToken);
                if (before is null)
                {
                    added++;
                }
                else if (changed)
                {
                    updated++;
                }
                else
                {
                    unchanged++;
                }
            }

            return new WatchlistImport(added, updated, unchanged);
        }, cancellationToken);

    public Task<WatchlistEntry?> RemoveWatchlistEntryAsync(long channelId, string name, Actor actor, CancellationToken cancellationToken) =>
        WriteChannelAsync(channelId, async transaction =>
        {
            var before = await ReadWatchlistEntryAsync(transaction, channelId, name, cancellationToken);
            if (before is not null)
            {
                await ExecuteAsync(transaction, "DELETE FROM watchlist_entries WHERE channel_id = @c AND lower(name) = lower(@n)", cancellationToken,
                    ("c", channelId), ("n", name));
                await AuditRows.WriteAsync(transaction, channelId, actor, "watch remove", before.ToString(), null, Now, cancellationToken);
            }

            return before;
        }, cancellationToken);

    public async Task<ChannelWatchlist> GetWatchlistAsync(long channelId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var entries = Command(connection, $"SELECT {WatchColumns} FROM watchlist_entries WHERE channel_id = @c ORDER BY {WatchOrder}", ("c", channelId));
        var read = await ReadAllAsync(entries, r => ReadWatchlistEntry(r, 0), cancellationToken);
        await using var threshold = Command(connection, "SELECT watch_threshold FROM channels WHERE id = @c", ("c", channelId));
        return new ChannelWatchlist(read, await threshold.ExecuteScalarAsync(cancellationToken) is double stored ? stored : WatchThreshold.Default);
    }

    public Task<double> SetWatchThresholdAsync(long channelId, double threshold, Actor actor, CancellationToken cancellationToken) =>
        WriteChannelAsync(channelId, async transaction =>
        {
            await using var read = Command(transaction, "SELECT watch_threshold FROM channels WHERE id = @c", ("c", channelId));
            var before = await read.ExecuteScalarAsync(cancellationToken) is double stored ? stored : WatchThreshold.Default;
            if (before != threshold)
            {
                await ExecuteAsync(transaction, "UPDATE channels SET watch_threshold = @t WHERE id = @c", cancellationToken, ("c", channelId), ("t", threshold));
                await AuditRows.WriteAsync(transaction, channelId, actor, "watch threshold",
                    WatchThreshold.Show(before), WatchThreshold.Show(threshold), Now, cancellationToken);
            }

            return before;
        }, cancellationToken);

    /// <summary>Every channel's watchlist, by channel id (channels without entries are absent), for the poll's channel setups.</summary>
    private static async Task<Dictionary<long, ChannelWatchlist>> ReadWatchlistsAsync(NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var entries = Command(transaction, $"SELECT channel_id, {WatchColumns} FROM watchlist_entries ORDER BY channel_id, {WatchOrder}");
        var rows = await ReadAllAsync(entries, r => (Channel: r.GetInt64(0), Entry: ReadWatchlistEntry(r, 1)), cancellationToken);
        await using var thresholds = Command(transaction, "SELECT id, watch_threshold FROM channels WHERE watch_threshold IS NOT NULL");
        var set = (await ReadAllAsync(thresholds, r => (Channel: r.GetInt64(0), Threshold: r.GetDouble(1)), cancellationToken)).ToDictionary(t => t.Channel, t => t.Threshold);
        return rows.GroupBy(r => r.Channel).ToDictionary(
            g => g.Key,
            g => new ChannelWatchlist([.. g.Select(r => r.Entry)], set.GetValueOrDefault(g.Key, WatchThreshold.Default)));
    }

    private async Task<(WatchlistEntry? Before, bool Changed)> SaveWatchlistEntryAsync(
        NpgsqlTransaction transaction, long channelId, WatchlistEntry entry, Actor actor, string action, CancellationToken cancellationToken)
    {
        var before = await ReadWatchlistEntryAsync(transaction, channelId, entry.Name, cancellationToken);
        if (before == entry)
        {
            return (before, false);
        }

        var now = Now;
        await ExecuteAsync(transaction, """
            INSERT INTO watchlist_entries (channel_id, name, aliases, country, created_at, created_by, created_by_name, updated_at)
            VALUES (@c, @n, @a, @country, @at, @uid, @uname, @at)
            ON CONFLICT (channel_id, lower(name)) DO UPDATE SET name = excluded.name, aliases = excluded.aliases, country = excluded.country,
                updated_at = excluded.updated_at
            """, cancellationToken,
            ("c", channelId), ("n", entry.Name), ("a", string.Join('\n', entry.Aliases)), ("country", entry.Country),
            ("at", now), ("uid", actor.UserId), ("uname", actor.UserName));
        await AuditRows.WriteAsync(transaction, channelId, actor, action, before?.ToString(), entry.ToString(), now, cancellationToken);
        return (before, true);
    }

    private static async Task<WatchlistEntry?> ReadWatchlistEntryAsync(NpgsqlTransaction transaction, long channelId, string name, CancellationToken cancellationToken)
    {
        await using var command = Command(transaction, $"SELECT {WatchColumns} FROM watchlist_entries WHERE channel_id = @c AND lower(name) = lower(@n)",
            ("c", channelId), ("n", name));
        var rows = await ReadAllAsync(command, r => ReadWatchlistEntry(r, 0), cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    private static WatchlistEntry ReadWatchlistEntry(NpgsqlDataReader reader, int first) => new(
        reader.GetString(first),
        reader.GetString(first + 1).Split('\n', StringSplitOptions.RemoveEmptyEntries),
        reader.IsDBNull(first + 2) ? null : reader.GetString(first + 2));
}
