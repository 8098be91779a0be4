using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Search;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Storage.Sqlite;

/// <summary>
/// What backtests read: the latest revision of each item the asked feeds carry (item_feeds), dated by
/// items.dated (that revision's publication date, else the UTC day the item was first seen). With a
/// term condition, only the items the term index (item_terms) finds are read, plus any not indexed yet.
/// </summary>
internal sealed partial class SqliteStore
{
    private const string LatestRevision = "JOIN item_revisions r ON r.item_key = i.item_key AND r.revision = i.latest_revision";

    public IAsyncEnumerable<BacktestItem> StreamItemsSinceAsync(
        IReadOnlyCollection<FeedId> feeds, DateOnly since, CancellationToken cancellationToken, bool withBodies = false) =>
        StreamItemsSinceAsync(feeds, since, null, cancellationToken, withBodies);

    /// <summary>With bodies, each item carries the newest full text stored for it (item_bodies), as a poll matched it.</summary>
    public async IAsyncEnumerable<BacktestItem> StreamItemsSinceAsync(
        IReadOnlyCollection<FeedId> feeds, DateOnly since, TermQuery? candidates, [EnumeratorCancellation] CancellationToken cancellationToken, bool withBodies = false)
    {
        if (feeds.Count == 0)
        {
            yield break;
        }

        const string NewestBody = "(SELECT b.body FROM item_bodies b WHERE b.item_key = i.item_key ORDER BY b.revision DESC LIMIT 1)";
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = ItemsSinceCommand(connection, "r.snapshot, i.dated" + (withBodies ? ", " + NewestBody : ""), feeds, since, candidates);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var item = JsonSerializer.Deserialize(reader.GetString(0), StorageJsonContext.Default.FeedItem)!;
            if (withBodies && !reader.IsDBNull(2))
            {
                item = item with { Body = reader.GetString(2) };
            }

            yield return new BacktestItem(item, DateOnly.ParseExact(reader.GetString(1), DateFormat, CultureInfo.InvariantCulture));
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
        command.CommandText = $"SELECT COUNT(*) FROM ({command.CommandText})";
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
            ? Command(connection, "SELECT (SELECT COUNT(*) FROM items WHERE dated >= $since), (SELECT MIN(dated) FROM items)")
            : Command(connection, $"""
                SELECT COUNT(*) FILTER (WHERE i.dated >= $since), MIN(i.dated)
                FROM items i WHERE i.item_key IN (SELECT f.item_key FROM item_feeds f WHERE f.feed_id IN ({FeedNames(feeds)}))
                """, FeedParameters(feeds));
        command.Parameters.AddWithValue("$since", WriteDate(since));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new StoredHistory(reader.GetInt32(0), reader.IsDBNull(1) ? null : DateOnly.ParseExact(reader.GetString(1), DateFormat, CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Whether every feed that carries an item is one of these (each stored item is carried by the feed
    /// that first brought it): the distinct feeds are walked on item_feeds' feed index, one seek each.
    /// </summary>
    private static async Task<bool> CarryAllItemsAsync(SqliteConnection connection, IReadOnlyCollection<FeedId> feeds, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, """
            WITH RECURSIVE carrying(feed_id) AS (
                SELECT MIN(feed_id) FROM item_feeds
                UNION ALL
                SELECT (SELECT MIN(f.feed_id) FROM item_feeds f WHERE f.feed_id > carrying.feed_id) FROM carrying WHERE carrying.feed_id IS NOT NULL)
            SELECT feed_id FROM carrying WHERE feed_id IS NOT NULL
            """);
        var asked = feeds.Select(f => f.Value).ToHashSet(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!asked.Contains(reader.GetString(0)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The items of the feeds dated since; with <paramref name="candidates"/>, those the index finds for it and those not indexed yet.</summary>
    private static SqliteCommand ItemsSinceCommand(SqliteConnection connection, string columns, IReadOnlyCollection<FeedId> feeds, DateOnly since, TermQuery? candidates)
    {
        var filter = $"""
            EXISTS (SELECT 1 FROM item_feeds f WHERE f.item_key = i.item_key AND f.feed_id IN ({FeedNames(feeds)}))
            AND i.dated >= $since
            """;
        var command = Command(connection, candidates is null
            ? $"SELECT {columns} FROM items i {LatestRevision} WHERE {filter}"
            : $"""
                SELECT {columns} FROM item_terms t JOIN items i ON i.search_id = t.rowid {LatestRevision}
                WHERE item_terms MATCH $match AND {filter}
                UNION ALL
                SELECT {columns} FROM items i {LatestRevision} WHERE i.search_id IS NULL AND {filter}
                """,
            FeedParameters(feeds));
        command.Parameters.AddWithValue("$since", WriteDate(since));
        if (candidates is not null)
        {
            command.Parameters.AddWithValue("$match", ItemSearchRows.Match(candidates));
        }

        return command;
    }

    private static string FeedNames(IReadOnlyCollection<FeedId> feeds) => string.Join(", ", feeds.Select((_, i) => "$f" + i));

    private static (string, object?)[] FeedParameters(IReadOnlyCollection<FeedId> feeds) => [.. feeds.Select((f, i) => ("$f" + i, (object?)f.Value))];
}
