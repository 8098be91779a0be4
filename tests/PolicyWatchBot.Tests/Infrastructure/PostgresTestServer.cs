using Npgsql;

namespace PolicyWatchBot.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the store tests run against: the connection string in
/// POLICYWATCH_TEST_POSTGRES (set by .ci/run, which starts the machine's PostgreSQL 15). Without it
/// the PostgreSQL half of the store tests is skipped, except under CI=true, where it fails instead.
/// </summary>
public static class PostgresTestServer
{
    public const string Variable = "POLICYWATCH_TEST_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why the PostgreSQL tests are skipped, or null when they run (a server is set, or CI requires one).</summary>
    public static string? SkipReason => ConnectionString is null && !InCi
        ? $"PostgreSQL store tests: skipped, no server ({Variable} is not set; .ci/run sets it)"
        : null;

    public static string RequireConnectionString() => ConnectionString
        ?? throw new InvalidOperationException($"CI=true but {Variable} is not set: the PostgreSQL store tests must run in CI (.ci/run starts the server)");

    /// <summary>A fresh schema of its own on the test server, for one test.</summary>
    public static async Task<TempPostgresSchema> CreateSchemaAsync(CancellationToken cancellationToken)
    {
        var schema = "t_" + Guid.NewGuid().ToString("N");
        var admin = RequireConnectionString();
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { SearchPath = schema };
        return new TempPostgresSchema(admin, schema, builder.ConnectionString);
    }
}

/// <summary>A schema on the test server that the connection string's search path points at, dropped on dispose.</summary>
public sealed class TempPostgresSchema(string adminConnectionString, string schema, string connectionString) : IAsyncDisposable
{
    public string Schema { get; } = schema;

    /// <summary>The connection string a store under test uses: the schema first in its search path.</summary>
    public string ConnectionString { get; } = connectionString;

    public async ValueTask DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}
