using System.Text;
using System.Text.Json;
using Npgsql;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Search;
using static PolicyWatchBot.Storage.Postgres.PostgresStore;

namespace PolicyWatchBot.Storage.Postgres;

/// <summary>
/// The term index backtests find their candidates in (item_terms, a tsvector per item under GIN): the
/// <see cref="IndexedTerms"/> of each item's latest revision as lexemes <c>field:token</c>, taken
/// verbatim (array_to_tsvector: no parser, no stemming), and the date it is counted at (items.dated),
/// written with the revision in the poll's transaction. Items stored without it (or with terms of another
/// <see cref="IndexedTerms.Version"/>) are indexed when the store starts.
/// </summary>
internal static class ItemSearchRows
{
    /// <summary>Items indexed per transaction when catching up, so a stop loses at most one batch of work.</summary>
    private const int CatchUpBatch = 2_000;

    /// <summary>PostgreSQL refuses a lexeme of 2 KB or more; no query word is that long either.</summary>
    private const int MaxLexemeBytes = 2_000;

    /// <summary>A field's name in its lexemes: <c>title</c> of <c>title:export</c>.</summary>
    public static string Column(Core.Rules.ItemField field) => field.ToString().ToLowerInvariant();

    /// <summary>
    /// Makes the terms what the index holds of the item and dates it, when <paramref name="revision"/>
    /// is its latest (the statements check, so they can go in a batch after the revision's own).
    /// </summary>
    public static void AddIndex(PostgresWriteBatch batch, string key, string[] terms, DateOnly? publishedOn, int revision)
    {
        batch.Add("""
            INSERT INTO item_terms (item_key, terms)
            SELECT item_key, array_to_tsvector(@lexemes) FROM items WHERE item_key = @k AND latest_revision = @rev
            ON CONFLICT (item_key) DO UPDATE SET terms = excluded.terms
            """, ("k", key), ("lexemes", Lexemes(terms)), ("rev", revision));
        batch.Add("""
            UPDATE items SET dated = COALESCE(@pub::date, (first_seen_at AT TIME ZONE 'UTC')::date)
            WHERE item_key = @k AND latest_revision = @rev
            """, ("k", key), ("pub", publishedOn), ("rev", revision));
    }

    /// <summary>Indexes every item the index lacks (and all of them when its terms are of another version), a batch per transaction.</summary>
    public static async Task CatchUpAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await ResetIfOtherVersionAsync(connection, cancellationToken);
        while (true)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await PostgresStore.ExecuteAsync(connection, WriteLock, cancellationToken);
            await using var read = Command(connection, """
                SELECT i.item_key, r.snapshot::text, r.published_on, i.latest_revision
                FROM items i JOIN item_revisions r ON r.item_key = i.item_key AND r.revision = i.latest_revision
                WHERE i.dated IS NULL OR NOT EXISTS (SELECT 1 FROM item_terms t WHERE t.item_key = i.item_key)
                LIMIT @n
                """, ("n", CatchUpBatch));
            var unindexed = await ReadAllAsync(read, r => (Key: r.GetString(0), Snapshot: r.GetString(1),
                Published: r.IsDBNull(2) ? (DateOnly?)null : r.GetFieldValue<DateOnly>(2), Revision: r.GetInt32(3)), cancellationToken);
            if (unindexed.Count == 0)
            {
                return;
            }

            var batch = new PostgresWriteBatch(connection);
            foreach (var (key, snapshot, published, revision) in unindexed)
            {
                // A snapshot that is not an item's JSON has no terms: it is never a candidate, as the matcher could not read it either.
                AddIndex(batch, key, Terms(snapshot), published, revision);
            }

            await batch.ExecuteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The tsquery of a condition: each word a lexeme of one of its fields (<c>'title:export' | 'summary:export'</c>),
    /// a prefix with <c>:*</c>; the words of a term all present. Passed as text and cast, so the server parses nothing.
    /// </summary>
    public static string Query(TermQuery query) => query switch
    {
        TermQuery.Terms { Words.Count: > 0 } terms => "(" + string.Join(" & ", terms.Words.Select((word, i) =>
            "(" + string.Join(" | ", terms.Fields.Select(f => Quoted(Column(f) + ":" + word) + (terms.LastIsPrefix && i == terms.Words.Count - 1 ? ":*" : ""))) + ")")) + ")",
        TermQuery.All all => "(" + string.Join(" & ", all.Parts.Select(Query)) + ")",
        TermQuery.Any any => "(" + string.Join(" | ", any.Parts.Select(Query)) + ")",
        _ => throw new ArgumentException($"The term query {query} has nothing to search for.", nameof(query)),
    };

    private static string Quoted(string lexeme) =>
        "'" + lexeme.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>Per field (in <see cref="IndexedTerms.Fields"/> order) its tokens, as <c>field:token</c> lexemes.</summary>
    private static string[] Lexemes(string[] terms)
    {
        var lexemes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < terms.Length; i++)
        {
            var column = Column(IndexedTerms.Fields[i]) + ":";
            foreach (var token in terms[i].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var lexeme = column + token;
                if (Encoding.UTF8.GetByteCount(lexeme) < MaxLexemeBytes)
                {
                    lexemes.Add(lexeme);
                }
            }
        }

        return [.. lexemes];
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

    private static async Task ResetIfOtherVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await PostgresStore.ExecuteAsync(connection, WriteLock, cancellationToken);
        await using (var read = Command(connection, "SELECT version FROM item_terms_version"))
        {
            if (await read.ExecuteScalarAsync(cancellationToken) is int version && version == IndexedTerms.Version)
            {
                return;
            }
        }

        await PostgresStore.ExecuteAsync(connection, "DELETE FROM item_terms", cancellationToken);
        await using (var write = Command(connection, """
            INSERT INTO item_terms_version (id, version) VALUES (1, @v) ON CONFLICT (id) DO UPDATE SET version = excluded.version
            """, ("v", IndexedTerms.Version)))
        {
            await write.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
