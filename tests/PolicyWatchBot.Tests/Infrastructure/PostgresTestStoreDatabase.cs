using System.Data.Common;
using PolicyWatchBot.Storage.Postgres;

namespace PolicyWatchBot.Tests.Infrastructure;

/// <summary>A migrated PostgreSQL store on a fresh schema of the test server.</summary>
internal sealed class PostgresTestStoreDatabase : TestStoreDatabase
{
    private readonly TempPostgresSchema _schema;
    private readonly PostgresConnectionFactory _connections;
    private readonly object _store;
    private readonly List<PostgresConnectionFactory> _instances = [];

    private PostgresTestStoreDatabase(TempPostgresSchema schema, PostgresConnectionFactory connections, object store)
    {
        _schema = schema;
        _connections = connections;
        _store = store;
    }

    public override object Store => _store;

    public string ConnectionString => _schema.ConnectionString;

    public static async Task<TestStoreDatabase> OpenAsync(TimeProvider clock, CancellationToken cancellationToken)
    {
        var schema = await PostgresTestServer.CreateSchemaAsync(cancellationToken);
        var connections = new PostgresConnectionFactory(schema.ConnectionString);
        var store = new PostgresStore(connections, clock);
        await store.MigrateAsync(cancellationToken);
        return new PostgresTestStoreDatabase(schema, connections, store);
    }

    /// <summary>Another store on the same schema over a pool of its own, as another instance of the bot sees the database.</summary>
    internal PostgresStore OpenInstance(TimeProvider clock)
    {
        var connections = new PostgresConnectionFactory(_schema.ConnectionString);
        _instances.Add(connections);
        return new PostgresStore(connections, clock);
    }

    public override async Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await _connections.OpenAsync(Fixtures.Timeout());
        await using var command = PostgresStore.Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(Fixtures.Timeout());
    }

    public override async Task<T> ScalarAsync<T>(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await _connections.OpenAsync(Fixtures.Timeout());
        await using var command = PostgresStore.Command(connection, sql, parameters);
        return (T)(await command.ExecuteScalarAsync(Fixtures.Timeout()))!;
    }

    public override async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> read, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await _connections.OpenAsync(Fixtures.Timeout());
        await using var command = PostgresStore.Command(connection, sql, parameters);
        return await PostgresStore.ReadAllAsync(command, read, Fixtures.Timeout());
    }

    public override async Task FailAuditOfAsync(string after)
    {
        await ExecuteAsync("""
            CREATE FUNCTION test_fail_audit() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.after LIKE TG_ARGV[0] THEN
                    RAISE EXCEPTION 'injected write failure';
                END IF;
                RETURN NEW;
            END $$
            """);
        await ExecuteAsync($"CREATE TRIGGER test_fail_audit BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION test_fail_audit('{after.Replace("'", "''", StringComparison.Ordinal)}')");
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        await _connections.DisposeAsync();
        await _schema.DisposeAsync();
    }
}
