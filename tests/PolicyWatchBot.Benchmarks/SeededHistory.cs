using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Storage;
using PolicyWatchBot.Storage.Sqlite;

namespace PolicyWatchBot.Benchmarks;

/// <summary>
/// A SQLite store holding 1,000,000 item revisions made from the real Federal Register documents: 900,100
/// items (each document many times over, under its own key), 99,900 of them revised once (a title
/// edit), spread over 50 feeds and dated over the last 90 days. Built once with the bot's own schema
/// and snapshot format, then reused.
/// </summary>
internal static class SeededHistory
{
    public const int Items = 900_100;
    public const int Revised = 99_900;
    public const int Feeds = 50;
    public const int Days = 90;

    public static string FeedId(int index) => $"feed-{index:00}";

    public static async Task<string> EnsureAsync(string path, IReadOnlyList<FeedItem> documents, TextWriter output)
    {
        if (File.Exists(path))
        {
            output.WriteLine($"seeded store: {path} ({new FileInfo(path).Length / (1 << 20):N0} MB, reused)");
            await MigrateAsync(path, output);
            return path;
        }

        var building = path + ".building";
        File.Delete(building);
        var watch = Stopwatch.StartNew();
        var store = new SqliteStore(new SqliteConnectionFactory($"Data Source={building}", Environment.CurrentDirectory), TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        await using (var connection = new SqliteConnection($"Data Source={building};Pooling=False"))
        {
            await connection.OpenAsync();
            await using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = "PRAGMA synchronous = OFF;";
                await pragma.ExecuteNonQueryAsync();
            }

            await FillAsync(connection, documents);
        }

        await MigrateAsync(building, output);
        SqliteConnection.ClearAllPools();
        File.Move(building, path);
        output.WriteLine($"seeded store: {path} built in {watch.Elapsed.TotalSeconds:F0} s ({new FileInfo(path).Length / (1 << 20):N0} MB)");
        return path;
    }

    /// <summary>
    /// Brings the store to the bot's schema the way a start does: rows written here by hand (or a file
    /// built by an older version) get their term index then, once.
    /// </summary>
    private static async Task MigrateAsync(string path, TextWriter output)
    {
        var watch = Stopwatch.StartNew();
        var store = new SqliteStore(new SqliteConnectionFactory($"Data Source={path}", Environment.CurrentDirectory), TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        SqliteConnection.ClearAllPools();
        if (watch.Elapsed > TimeSpan.FromSeconds(1))
        {
            output.WriteLine($"seeded store: migrated and indexed in {watch.Elapsed.TotalSeconds:F0} s ({new FileInfo(path).Length / (1 << 20):N0} MB)");
        }
    }

    private static async Task FillAsync(SqliteConnection connection, IReadOnlyList<FeedItem> documents)
    {
        var hasLatest = await HasColumnAsync(connection, "items", "latest_revision");
        await using var transaction = connection.BeginTransaction();
        var item = Prepare(connection, transaction, hasLatest
            ? "INSERT INTO items (item_key, first_seen_at, first_feed_id, latest_revision) VALUES ($k, $at, $f, $latest)"
            : "INSERT INTO items (item_key, first_seen_at, first_feed_id) VALUES ($k, $at, $f)", hasLatest ? ["$k", "$at", "$f", "$latest"] : ["$k", "$at", "$f"]);
        var revision = Prepare(connection, transaction, """
            INSERT INTO item_revisions (item_key, revision, kind, feed_id, seen_at, published_on, snapshot, changes)
            VALUES ($k, $rev, $kind, $f, $at, $pub, $snapshot, '[]')
            """, ["$k", "$rev", "$kind", "$f", "$at", "$pub", "$snapshot"]);
        var carried = Prepare(connection, transaction, "INSERT INTO item_feeds (item_key, feed_id, first_seen_at) VALUES ($k, $f, $at)", ["$k", "$f", "$at"]);
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        for (var i = 0; i < Items; i++)
        {
            var document = documents[i % documents.Count];
            var feed = FeedId(i % Feeds);
            var published = today.AddDays(-(i % Days));
            var seeded = document with
            {
                Key = new ItemKey($"{document.Key.Value}-{i / documents.Count}"),
                Feed = new Core.Feeds.FeedId(feed),
                PublishedOn = published,
            };
            var at = published.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "T12:00:00.0000000Z";
            var revisions = i < Revised ? 2 : 1;
            Run(item, seeded.Key.Value, at, feed, revisions);
            Run(carried, seeded.Key.Value, feed, at);
            for (var r = 1; r <= revisions; r++)
            {
                var snapshot = r == 1 ? seeded : seeded with { Title = seeded.Title + " (corrected title)" };
                Run(revision, seeded.Key.Value, r, r == 1 ? "New" : "Changed", feed, at, published.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    JsonSerializer.Serialize(snapshot, StorageJsonContext.Default.FeedItem));
            }
        }

        await transaction.CommitAsync();
    }

    private static async Task<bool> HasColumnAsync(SqliteConnection connection, string table, string column)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = '{column}'";
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < command.Parameters.Count; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        command.ExecuteNonQuery();
    }
}
