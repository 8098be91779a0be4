using System.Text.Json;
using Npgsql;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Screening.Entities;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Storage.Postgres;

/// <summary>Screening lists' stored versions (screening_lists, screening_list_entities; migration 0004).</summary>
internal sealed partial class PostgresStore : IListStore
{
    public async Task<StoredList?> GetListAsync(string list, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var head = Command(connection, "SELECT list, feed_id, updated_at FROM screening_lists WHERE list = @l", ("l", list));
        var lists = await ReadAllAsync(head, ReadListHead, cancellationToken);
        if (lists.Count == 0)
        {
            return null;
        }

        await using var entities = Command(connection, "SELECT entity FROM screening_list_entities WHERE list = @l ORDER BY entity_id COLLATE \"C\"", ("l", list));
        var read = await ReadAllAsync(entities, r => ReadEntity(r, 0), cancellationToken);
        return new StoredList(lists[0].List, lists[0].Feed, read, lists[0].UpdatedAt);
    }

    public async Task<IReadOnlyList<StoredList>> GetListsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var heads = Command(connection, "SELECT list, feed_id, updated_at FROM screening_lists ORDER BY list COLLATE \"C\"");
        var lists = await ReadAllAsync(heads, ReadListHead, cancellationToken);
        await using var entities = Command(connection, "SELECT list, entity FROM screening_list_entities ORDER BY list COLLATE \"C\", entity_id COLLATE \"C\"");
        var byList = (await ReadAllAsync(entities, r => (List: r.GetString(0), Entity: ReadEntity(r, 1)), cancellationToken))
            .GroupBy(row => row.List, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<ListedEntity>)[.. g.Select(row => row.Entity)], StringComparer.Ordinal);
        return [.. lists.Select(l => new StoredList(l.List, l.Feed, byList.GetValueOrDefault(l.List, []), l.UpdatedAt))];
    }

    public async Task SaveListVersionAsync(string list, FeedId feed, IReadOnlyList<EntityChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var head = Command(connection,
            "INSERT INTO screening_lists (list, feed_id, entities, updated_at) VALUES (@l, @f, 0, @at) ON CONFLICT (list) DO UPDATE SET feed_id = @f, updated_at = @at",
            ("l", list), ("f", feed.Value), ("at", Now)))
        {
            await head.ExecuteNonQueryAsync(cancellationToken);
        }

        // One statement each for every saved and every removed entity: a baseline is thousands of rows.
        var saved = changes.Where(c => c.Kind != EntityChangeKind.Removed).DistinctBy(c => c.Entity.Id).ToList();
        await using (var save = Command(connection, """
            INSERT INTO screening_list_entities (list, entity_id, entity)
            SELECT @l, id, entity FROM unnest(@ids, @entities) AS saved(id, entity)
            ON CONFLICT (list, entity_id) DO UPDATE SET entity = excluded.entity
            """,
            ("l", list), ("ids", saved.Select(c => c.Entity.Id).ToArray()),
            ("entities", saved.Select(c => JsonSerializer.Serialize(c.Entity, StorageJsonContext.Default.ListedEntity)).ToArray())))
        {
            await save.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var remove = Command(connection, "DELETE FROM screening_list_entities WHERE list = @l AND entity_id = ANY(@ids)",
            ("l", list), ("ids", changes.Where(c => c.Kind == EntityChangeKind.Removed).Select(c => c.Entity.Id).ToArray())))
        {
            await remove.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var count = Command(connection,
            "UPDATE screening_lists SET entities = (SELECT COUNT(*) FROM screening_list_entities WHERE list = @l) WHERE list = @l", ("l", list)))
        {
            await count.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static (string List, FeedId Feed, DateTimeOffset UpdatedAt) ReadListHead(NpgsqlDataReader reader) =>
        (reader.GetString(0), new FeedId(reader.GetString(1)), reader.GetFieldValue<DateTimeOffset>(2));

    private static ListedEntity ReadEntity(NpgsqlDataReader reader, int ordinal) =>
        JsonSerializer.Deserialize(reader.GetString(ordinal), StorageJsonContext.Default.ListedEntity)
        ?? throw new InvalidDataException("a stored list entity is null");
}
