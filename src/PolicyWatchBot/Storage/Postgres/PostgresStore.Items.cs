using System.Text.Json;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Storage.Postgres;

/// <summary>
/// Items and their history as polls stored them, and the poll session that writes them. Lookups of
/// many keys go to the server once, as an array (<c>= ANY(@keys)</c>).
/// </summary>
internal sealed partial class PostgresStore : IItemStore
{
    /// <summary>
    /// The lock every write that numbers rows itself takes for its transaction (a poll plans alert,
    /// grouped message and thread ids from MAX(id) + 1): one poll at a time across every instance on
    /// the schema, so no two polls ever plan against the same state. Per schema, as the migrator's.
    /// </summary>
    internal const string WriteLock = "SELECT pg_advisory_xact_lock(hashtextextended('policywatch-write:' || current_schema(), 0))";

    public async Task<IReadOnlySet<ItemKey>> FilterKnownAsync(IReadOnlyCollection<ItemKey> keys, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT item_key FROM items WHERE item_key = ANY(@keys)", ("keys", KeyArray(keys)));
        return (await ReadAllAsync(command, r => new ItemKey(r.GetString(0)), cancellationToken)).ToHashSet();
    }

    public async Task<IReadOnlyDictionary<ItemKey, FeedItem>> GetLatestItemsAsync(IReadOnlyCollection<ItemKey> keys, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT i.item_key, r.snapshot FROM items i JOIN item_revisions r ON r.item_key = i.item_key AND r.revision = i.latest_revision
            WHERE i.item_key = ANY(@keys)
            """, ("keys", KeyArray(keys)));
        var rows = await ReadAllAsync(command, r => (Key: new ItemKey(r.GetString(0)), Snapshot: r.GetString(1)), cancellationToken);
        return rows.ToDictionary(r => r.Key, r => JsonSerializer.Deserialize(r.Snapshot, StorageJsonContext.Default.FeedItem)!);
    }

    public async Task<(string Body, bool Truncated)?> GetLatestBodyAsync(ItemKey item, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection,
            "SELECT body, truncated FROM item_bodies WHERE item_key = @k ORDER BY revision DESC LIMIT 1", ("k", item.Value));
        var rows = await ReadAllAsync(command, r => (r.GetString(0), r.GetBoolean(1)), cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<IPollSession> BeginPollAsync(CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var command = Command(connection, WriteLock))
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            return new PostgresPollSession(connection, transaction, time);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<int> CountRevisionsAsync(ItemKey item, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT COUNT(*) FROM item_revisions WHERE item_key = @k", ("k", item.Value));
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    internal static string[] KeyArray(IEnumerable<ItemKey> keys) => [.. keys.Select(k => k.Value).Distinct(StringComparer.Ordinal)];
}
