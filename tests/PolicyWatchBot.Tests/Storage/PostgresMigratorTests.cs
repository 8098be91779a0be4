using Npgsql;
using PolicyWatchBot.Storage.Postgres;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

/// <summary>The PostgreSQL schema and its migrator, against the real test server, each test in a fresh schema.</summary>
public sealed class PostgresMigratorTests : IPostgresStoreTest, IAsyncLifetime
{
    private readonly CancellationToken _ct = Fixtures.Timeout();
    private TempPostgresSchema _schema = null!;

    public async Task InitializeAsync() => _schema = await PostgresTestServer.CreateSchemaAsync(_ct);

    public async Task DisposeAsync() => await _schema.DisposeAsync();

    [StoreFact]
    public async Task MigrateAsync_FreshSchema_RecordsEachScriptOnceAndSecondTimeAppliesNothing()
    {
        Assert.Equal(PostgresMigrator.Scripts.Count, await MigrateAsync());

        Assert.Equal(0, await MigrateAsync());
        Assert.Equal(PostgresMigrator.Scripts.Select(s => s.Version), await VersionsAsync());
    }

    [StoreFact]
    public async Task MigrateAsync_FourInstancesStartingTogether_ApplyEachScriptOnce()
    {
        var applied = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(MigrateAsync)));

        Assert.Equal(PostgresMigrator.Scripts.Count, applied.Sum());
        Assert.Equal(PostgresMigrator.Scripts.Select(s => s.Version), await VersionsAsync());
    }

    [StoreFact]
    public async Task Schema_SecondAlertForSameChannelItemRevision_RefusedByTheConstraint()
    {
        await MigrateAsync();
        var channel = await ScalarAsync<long>(
            "INSERT INTO channels (platform, workspace, channel, display_name, created_at) VALUES ('console', '', 'console', 'console', now()) RETURNING id");
        const string alert = "INSERT INTO alerts (channel_id, item_key, revision, kind, status, payload, created_at, next_attempt_at) " +
                             "VALUES (@c, 'fr:2024-00273', 1, 'new', 'pending', '{}', now(), now())";
        await ExecuteAsync(alert, channel);

        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(alert, channel));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
        Assert.Equal("ux_alerts_channel_item_revision", error.ConstraintName);
        Assert.Equal(1L, await ScalarAsync<long>("SELECT COUNT(*) FROM alerts"));
    }

    [StoreFact]
    public async Task Schema_AuditRow_CannotBeUpdatedDeletedOrTruncated()
    {
        await MigrateAsync();
        await ExecuteAsync("INSERT INTO audit (at, user_id, user_name, action, after) VALUES (now(), 'U1', 'ana', 'rule.add', 'x')");

        foreach (var change in new[] { "UPDATE audit SET after = 'y'", "DELETE FROM audit", "TRUNCATE audit" })
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(change));
            Assert.Contains("audit is append-only", error.MessageText, StringComparison.Ordinal);
        }

        Assert.Equal("x", await ScalarAsync<string>("SELECT after FROM audit"));
    }

    [StoreFact]
    public async Task Schema_ItemRevision_CannotBeUpdated()
    {
        await MigrateAsync();
        await ExecuteAsync("INSERT INTO items (item_key, first_seen_at, first_feed_id) VALUES ('fr:1', now(), 'fr-bis')");
        await ExecuteAsync("INSERT INTO item_revisions (item_key, revision, kind, feed_id, seen_at, snapshot, changes) " +
                           "VALUES ('fr:1', 1, 'new', 'fr-bis', now(), '{\"Title\":\"a\"}', '[]')");

        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync("UPDATE item_revisions SET kind = 'changed'"));

        Assert.Contains("item history is append-only", error.MessageText, StringComparison.Ordinal);
        Assert.Equal("new", await ScalarAsync<string>("SELECT kind FROM item_revisions"));
    }

    [StoreFact]
    public async Task Schema_RuleAddedOrChannelChanged_BumpsTheSetupVersion()
    {
        await MigrateAsync();
        var before = await ScalarAsync<long>("SELECT version FROM setup_version");
        var channel = await ScalarAsync<long>(
            "INSERT INTO channels (platform, workspace, channel, display_name, created_at) VALUES ('slack', 'T1', 'C1', '#x', now()) RETURNING id");
        await ExecuteAsync("INSERT INTO rules (channel_id, name, expression, created_at, created_by, updated_at) VALUES (@c, 'r', 'entity', now(), 'U1', now())", channel);
        await ExecuteAsync("UPDATE channels SET flood_threshold = 3");

        Assert.Equal(before + 3, await ScalarAsync<long>("SELECT version FROM setup_version"));
    }

    private async Task<int> MigrateAsync()
    {
        await using var connection = new NpgsqlConnection(_schema.ConnectionString);
        await connection.OpenAsync(_ct);
        return await PostgresMigrator.MigrateAsync(connection, _ct);
    }

    private async Task<List<int>> VersionsAsync()
    {
        await using var connection = new NpgsqlConnection(_schema.ConnectionString);
        await connection.OpenAsync(_ct);
        await using var command = new NpgsqlCommand("SELECT version FROM schema_version ORDER BY version", connection);
        await using var reader = await command.ExecuteReaderAsync(_ct);
        var versions = new List<int>();
        while (await reader.ReadAsync(_ct))
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    private async Task ExecuteAsync(string sql, long? channel = null)
    {
        await using var connection = new NpgsqlConnection(_schema.ConnectionString);
        await connection.OpenAsync(_ct);
        await using var command = new NpgsqlCommand(sql, connection);
        if (channel is { } id)
        {
            command.Parameters.AddWithValue("c", id);
        }

        await command.ExecuteNonQueryAsync(_ct);
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(_schema.ConnectionString);
        await connection.OpenAsync(_ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(_ct))!;
    }
}

public sealed class PostgresMigrationScriptsTests
{
    [Fact]
    public void Scripts_Embedded_AreNumberedFromOneWithoutGaps()
    {
        Assert.NotEmpty(PostgresMigrator.Scripts);
        Assert.Equal(Enumerable.Range(1, PostgresMigrator.Scripts.Count), PostgresMigrator.Scripts.Select(s => s.Version));
    }
}
