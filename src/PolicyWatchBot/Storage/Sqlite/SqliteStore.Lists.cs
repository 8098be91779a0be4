using System.Text.Json;
using Microsoft.Data.Sqlite;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Screening.Entities;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Storage.Sqlite;

/// <summary>Screening lists' stored versions (screening_lists, screening_list_entities; migration 0015).</summary>
internal sealed partial class SqliteStore
{
    public async Task<StoredList?> GetListAsync(string list, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var head = Command(connection, "SELECT list, feed_id, updated_at FROM screening_lists WHERE list = $l", ("$l", list));
        var lists = await ReadAllAsync(head, r => (List: r.GetString(0), Feed: new FeedId(r.GetString(1)), UpdatedAt: DbTime.Read(r.GetString(2))), cancellationToken);
        if (lists.Count == 0)
        {
            return null;
        }

        await using var entities = Command(connection, "SELECT entity FROM screening_list_entities WHERE list = $l ORDER BY entity_id", ("$l", list));
        var read = await ReadAllAsync(entities, ReadEntity, cancellationToken);
        return new StoredList(lists[0].List, lists[0].Feed, read, lists[0].UpdatedAt);
    }

    public async Task<IReadOnlyList<StoredList>> GetListsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var heads = Command(connection, "SELECT list, feed_id, updated_at FROM screening_lists ORDER BY list");
        var lists = await ReadAllAsync(heads, r => (List: r.GetString(0), Feed: new FeedId(r.GetString(1)), UpdatedAt: DbTime.Read(r.GetString(2))), cancellationToken);
        await using var entities = Command(connection, "SELECT list, entity FROM screening_list_entities ORDER BY list, entity_id");
        var byList = (await ReadAllAsync(entities, r => (List: r.GetString(0), Entity: ReadEntity(r, 1)), cancellationToken))
            .GroupBy(row => row.List, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<ListedEntity>)[.. g.Select(row => row.Entity)], StringComparer.Ordinal);
        return [.. lists.Select(l => new StoredList(l.List, l.Feed, byList.GetValueOrDefault(l.List, []), l.UpdatedAt))];
    }

    public Task SaveListVersionAsync(string list, FeedId feed, IReadOnlyList<EntityChange> changes, CancellationToken cancellationToken) =>
        WriteAsync(async transaction =>
        {
            await ExecuteAsync(transaction,
                "INSERT INTO screening_lists (list, feed_id, entities, updated_at) VALUES ($l, $f, 0, $at) ON CONFLICT (list) DO UPDATE SET feed_id = $f, updated_at = $at",
                cancellationToken, ("$l", list), ("$f", feed.Value), ("$at", Now()));
            await using var save = Command(transaction,
                "INSERT INTO screening_list_entities (list, entity_id, entity) VALUES ($l, $id, $e) ON CONFLICT (list, entity_id) DO UPDATE SET entity = $e",
                ("$l", list), ("$id", ""), ("$e", ""));
            await using var remove = Command(transaction, "DELETE FROM screening_list_entities WHERE list = $l AND entity_id = $id", ("$l", list), ("$id", ""));
            foreach (var change in changes)
            {
                var command = change.Kind == EntityChangeKind.Removed ? remove : save;
                command.Parameters["$id"].Value = change.Entity.Id;
                if (command == save)
                {
                    command.Parameters["$e"].Value = JsonSerializer.Serialize(change.Entity, StorageJsonContext.Default.ListedEntity);
                }

                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await ExecuteAsync(transaction, "UPDATE screening_lists SET entities = (SELECT COUNT(*) FROM screening_list_entities WHERE list = $l) WHERE list = $l", cancellationToken, ("$l", list));
            return true;
        }, cancellationToken);

    private static ListedEntity ReadEntity(SqliteDataReader reader) => ReadEntity(reader, 0);

    private static ListedEntity ReadEntity(SqliteDataReader reader, int ordinal) =>
        JsonSerializer.Deserialize(reader.GetString(ordinal), StorageJsonContext.Default.ListedEntity)
        ?? throw new InvalidDataException("a stored list entity is null");
}
