using System.Reflection;
using Npgsql;

namespace PolicyWatchBot.Storage.Postgres;

/// <summary>
/// Applies the numbered scripts embedded under <c>Storage/Postgres/Migrations</c> (0001_x.sql, ...)
/// that <c>schema_version</c> does not list yet, each in its own transaction, all under a session
/// advisory lock: two instances starting together take turns, and the second finds nothing to do.
/// The lock is per schema, so databases that hold several schemas (the tests') migrate them apart.
/// </summary>
internal static class PostgresMigrator
{
    private const string ResourcePrefix = "PolicyWatchBot.Storage.Postgres.Migrations.";

    /// <summary>The advisory lock's key: this text and the schema the tables go to, hashed by the server.</summary>
    private const string LockKey = "hashtextextended('policywatch-migrate:' || current_schema(), 0)";

    public static IReadOnlyList<(int Version, string Name)> Scripts { get; } = LoadScriptNames();

    public static async Task<int> MigrateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({LockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, null,
                "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
                cancellationToken);
            var applied = 0;
            foreach (var (version, name) in Scripts)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using (var check = new NpgsqlCommand("SELECT COUNT(*) FROM schema_version WHERE version = @v", connection, transaction))
                {
                    check.Parameters.AddWithValue("v", version);
                    if ((long)(await check.ExecuteScalarAsync(cancellationToken))! > 0)
                    {
                        continue;
                    }
                }

                await ExecuteAsync(connection, transaction, ReadScript(name), cancellationToken);
                await using (var record = new NpgsqlCommand("INSERT INTO schema_version (version, name) VALUES (@v, @n)", connection, transaction))
                {
                    record.Parameters.AddWithValue("v", version);
                    record.Parameters.AddWithValue("n", name);
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                applied++;
            }

            return applied;
        }
        finally
        {
            // Unlocked even when a script failed or the start was cancelled; closing the connection would too.
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<(int, string)> LoadScriptNames() =>
        typeof(PostgresMigrator).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..])
            .Select(n => (int.Parse(n[..n.IndexOf('_', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture), n))
            .OrderBy(s => s.Item1)
            .ToList();

    private static string ReadScript(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new InvalidOperationException($"Migration script {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
