using System.Text.Json;
using Microsoft.Data.Sqlite;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Search;
using static PolicyWatchBot.Storage.Sqlite.SqliteStore;

namespace PolicyWatchBot.Storage.Sqlite;

/// <summary>
/// The term index backtests find their candidates in (item_terms, FTS5): the <see cref="IndexedTerms"/>
/// of each item's latest revision, and the date it is counted at (items.dated), written with the
/// revision in the poll's transaction. Items stored without it (by an older version, or with terms of
/// another <see cref="IndexedTerms.Version"/>) are indexed when the store starts.
/// </summary>
internal static class ItemSearchRows
{
    /// <summary>Items indexed per transaction when catching up, so a stop loses at most one batch of work.</summary>
    private const int CatchUpBatch = 2_000;

    private static readonly string Columns = string.Join(", ", IndexedTerms.Fields.Select(Column));

    private static readonly string Values = string.Join(", ", IndexedTerms.Fields.Select((_, i) => "$c" + i));

    /// <summary>The FTS5 column of a field.</summary>
    public static string Column(Core.Rules.ItemField field) => field.ToString().ToLowerInvariant();

    /// <summary>Makes <paramref name="item"/> (its latest revision) what the index holds of its key, and dates it.</summary>
    public static async Task IndexAsync(SqliteTransaction transaction, FeedItem item, CancellationToken cancellationToken) =>
        await IndexAsync(transaction, item.Key.Value, IndexedTerms.Of(item), item.PublishedOn is { } published ? WriteDate(published) : null, cancellationToken);

    /// <summary>Indexes every item the index lacks (and all of them when its terms are of another version), a batch per transaction.</summary>
    public static async Task CatchUpAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await ResetIfOtherVersionAsync(connection, cancellationToken);
        while (true)
        {
            await using var transaction = connection.BeginTransaction(deferred: false);
            var batch = await ReadUnindexedAsync(transaction, cancellationToken);
            if (batch.Count == 0)
            {
                return;
            }

            foreach (var (key, snapshot, published) in batch)
            {
                // A snapshot that is not an item's JSON has no terms: it is never a candidate, as the matcher could not read it either.
                await IndexAsync(transaction, key, Terms(snapshot), published, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>The FTS5 query of a condition: each term a column filter over its words (a prefix with <c>*</c>).</summary>
    public static string Match(TermQuery query) => query switch
    {
        TermQuery.Terms terms => "{" + string.Join(' ', terms.Fields.Select(Column)) + "} : (" + string.Join(" AND ", terms.Words.Select((w, i) =>
            Quoted(w) + (terms.LastIsPrefix && i == terms.Words.Count - 1 ? " *" : ""))) + ")",
        TermQuery.All all => string.Join(" AND ", all.Parts.Select(p => "(" + Match(p) + ")")),
        TermQuery.Any any => string.Join(" OR ", any.Parts.Select(p => "(" + Match(p) + ")")),
        _ => throw new ArgumentException($"Unknown term query {query.GetType().Name}.", nameof(query)),
    };

    private static string Quoted(string word) => "\"" + word.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>An item keeps its row of the index (its terms replaced); a new one takes the next (contentless tables number no rows themselves).</summary>
    private static async Task IndexAsync(SqliteTransaction transaction, string key, string[] terms, string? publishedOn, CancellationToken cancellationToken)
    {
        long searchId;
        await using (var read = Command(transaction, """
            SELECT search_id, (SELECT COALESCE(MAX(search_id), 0) + 1 FROM items) FROM items WHERE item_key = $k
            """, ("$k", key)))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return;
            }

            searchId = reader.IsDBNull(0) ? reader.GetInt64(1) : reader.GetInt64(0);
        }

        await ExecuteAsync(transaction, "DELETE FROM item_terms WHERE rowid = $id", cancellationToken, ("$id", searchId));
        await using (var insert = Command(transaction, $"INSERT INTO item_terms (rowid, {Columns}) VALUES ($id, {Values})", ("$id", searchId)))
        {
            for (var i = 0; i < terms.Length; i++)
            {
                insert.Parameters.AddWithValue("$c" + i, terms[i]);
            }

            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await ExecuteAsync(transaction, "UPDATE items SET search_id = $id, dated = COALESCE($pub, substr(first_seen_at, 1, 10)) WHERE item_key = $k",
            cancellationToken, ("$id", searchId), ("$pub", publishedOn), ("$k", key));
    }

    private static string[] Terms(string snapshot)
    {
        try
        {
            return JsonSerializer.Deserialize(snapshot, StorageJsonContext.Default.FeedItem) is { } item
                ? IndexedTerms.Of(item)
                : [.. IndexedTerms.Fields.Select(_ => "")];
        }
        catch (JsonException)
        {
            return [.. IndexedTerms.Fields.Select(_ => "")];
        }
    }

    private static async Task<List<(string Key, string Snapshot, string? Published)>> ReadUnindexedAsync(SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = Command(transaction, """
            SELECT i.item_key, r.snapshot, r.published_on
            FROM items i JOIN item_revisions r ON r.item_key = i.item_key AND r.revision = i.latest_revision
            WHERE i.search_id IS NULL
            LIMIT $n
            """, ("$n", CatchUpBatch));
        return await ReadAllAsync(command, r => (r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2)), cancellationToken);
    }

    private static async Task ResetIfOtherVersionAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using (var read = Command(transaction, "SELECT version FROM item_terms_version"))
        {
            if (await read.ExecuteScalarAsync(cancellationToken) is long version && version == IndexedTerms.Version)
            {
                return;
            }
        }

        await ExecuteAsync(transaction, "INSERT INTO item_terms (item_terms) VALUES ('delete-all')", cancellationToken);
        await ExecuteAsync(transaction, "UPDATE items SET search_id = NULL WHERE search_id IS NOT NULL", cancellationToken);
        await ExecuteAsync(transaction, """
            INSERT INTO item_terms_version (id, version) VALUES (1, $v) ON CONFLICT (id) DO UPDATE SET version = excluded.version
            """, cancellationToken, ("$v", IndexedTerms.Version));
        await transaction.CommitAsync(cancellationToken);
    }
}
