using System.Runtime.CompilerServices;
using System.Text.Json;
using Npgsql;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Search;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Storage.Postgres;

/// <summary>
/// What backtests read: the latest revision of each item the asked feeds carry (item_feeds), dated by
/// items.dated (that revision's publication date, else the UTC day the item was first seen). With a
/// term condition, only the items the term index (item_terms) finds are read, plus any not indexed yet.
/// </summary>
internal sealed partial class PostgresStore
{
    private const string LatestRevision = "JOIN item_revisions r ON r.item_key = i.item_key AND r.revision = i.latest_revision";

    public IAsyncEnumerable<BacktestItem> StreamItemsSinceAsync(
        IReadOnlyCollection<FeedId> feeds, DateOnly since, CancellationToken cancellationToken, bool withBodies = false) =>
        StreamItemsSinceAsync(feeds, since, null, cancellationToken, withBodies);

    /// <summary>
    /// With bodies, each item carries the newest full text stored for it (item_bodies), as a poll matched it.
    /// Rows are read as the server sends them, nothing held.
    /// </summary>
    public async IAsyncEnumerable<BacktestItem> StreamItemsSinceAsync(
        IReadOnlyCollection<FeedId> feeds, DateOnly since, TermQuery? candidates, [EnumeratorCancellation] CancellationToken cancellationToken, bool withBodies = false)
    {
        if (feeds.Count == 0)
        {
            yield break;
        }

        const string NewestBody = "(SELECT b.body FROM item_bodies b WHERE b.item_key = i.item_key ORDER BY b.revision DESC LIMIT 1)";
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = ItemsSinceCommand(connection, "r.snapshot::text, i.dated" + (withBodies ? ", " + NewestBody : ""), feeds, since, candidates);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var item = JsonSerializer.Deserialize(reader.GetString(0), StorageJsonContext.Default.FeedItem)!;
            var dated = reader.GetFieldValue<DateOnly>(1);
            if (withBodies && !await reader.IsDBNullAsync(2, cancellationToken))
            {
                item = item with { Body = reader.GetString(2) };
            }

            yield return new BacktestItem(item, dated);
        }
    }

    public async Task<int> CountItemsSinceAsync(IReadOnlyCollection<FeedId> feeds, DateOnly since, TermQuery candidates, CancellationToken cancellationToken)
    {
        if (feeds.Count == 0)
        {
            return 0;
        }

        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = ItemsSinceCommand(connection, "1", feeds, since, candidates);
        command.CommandText = $"SELECT COUNT(*) FROM ({command.CommandText}) AS candidates";
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Counted on items.dated's index alone when the feeds are all that carry items (a channel subscribed
    /// to all); else over the items the feeds carry.
    /// </summary>
    public async Task<StoredHistory> DescribeHistoryAsync(IReadOnlyCollection<FeedId> feeds, DateOnly since, CancellationToken cancellationToken)
    {
        if (feeds.Count == 0)
        {
            return new StoredHistory(0, null);
        }

        await using var connection = await connections.OpenAsync(cancellationToken);
        var everyFeed = await CarryAllItemsAsync(connection, feeds, cancellationToken);
        await using var command = everyFeed
            ? Command(connection, "SELECT (SELECT COUNT(*) FROM items WHERE dated >= @since), (SELECT MIN(dated) FROM items)", ("since", since))
            : Command(connection, """
                SELECT COUNT(*) FILTER (WHERE i.dated >= @since), MIN(i.dated)
                FROM items i WHERE i.item_key IN (SELECT f.item_key FROM item_feeds f WHERE f.feed_id = ANY(@feeds))
                """, ("since", since), ("feeds", FeedArray(feeds)));
        var rows = await ReadAllAsync(command, r => new StoredHistory((int)r.GetInt64(0), r.IsDBNull(1) ? null : r.GetFieldValue<DateOnly>(1)), cancellationToken);
        return rows[0];
    }

    /// <summary>
    /// Whether every feed that carries an item is one of these (each stored item is carried by the feed
    /// that first brought it): the distinct feeds are walked on item_feeds' feed index, one seek each.
    /// </summary>
    private static async Task<bool> CarryAllItemsAsync(NpgsqlConnection connection, IReadOnlyCollection<FeedId> feeds, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, """
            WITH RECURSIVE carrying(feed_id) AS (
                SELECT MIN(feed_id) FROM item_feeds
                UNION ALL
                SELECT (SELECT MIN(f.feed_id) FROM item_feeds f WHERE f.feed_id > carrying.feed_id) FROM carrying WHERE carrying.feed_id IS NOT NULL)
            SELECT feed_id FROM carrying WHERE feed_id IS NOT NULL
            """);
        var asked = feeds.Select(f => f.Value).ToHashSet(StringComparer.Ordinal);
        return (await ReadAllAsync(command, r => r.GetString(0), cancellationToken)).All(asked.Contains);
    }

    /// <summary>The items of the feeds dated since; with <paramref name="candidates"/>, those the index finds for it and those not indexed yet.</summary>
    private static NpgsqlCommand ItemsSinceCommand(NpgsqlConnection connection, string columns, IReadOnlyCollection<FeedId> feeds, DateOnly since, TermQuery? candidates)
    {
        const string Filter = """
            EXISTS (SELECT 1 FROM item_feeds f WHERE f.item_key = i.item_key AND f.feed_id = ANY(@feeds))
            AND i.dated >= @since
            """;
        var command = Command(connection, candidates is null
            ? $"SELECT {columns} FROM items i {LatestRevision} WHERE {Filter}"
            : $"""
                SELECT {columns} FROM item_terms t JOIN items i ON i.item_key = t.item_key {LatestRevision}
                WHERE t.terms @@ @match::tsquery AND {Filter}
                UNION ALL
                SELECT {columns} FROM items i {LatestRevision}
                WHERE NOT EXISTS (SELECT 1 FROM item_terms t WHERE t.item_key = i.item_key) AND {Filter}
                """,
            ("feeds", FeedArray(feeds)), ("since", since));
        if (candidates is not null)
        {
            command.Parameters.AddWithValue("match", ItemSearchRows.Query(candidates));
        }

        return command;
    }

    private static string[] FeedArray(IReadOnlyCollection<FeedId> feeds) => [.. feeds.Select(f => f.Value).Distinct(StringComparer.Ordinal)];
}
