using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Storage;
using PolicyWatchBot.Storage.Postgres;
using PolicyWatchBot.Storage.Sqlite;

namespace PolicyWatchBot.Hosting;

/// <summary>
/// The store <c>PolicyWatch:Storage:Provider</c> names: SQLite (a file, one process) or PostgreSQL
/// (one database shared by several instances), with its connection string checked before anything opens it.
/// </summary>
internal static class StoreServiceCollectionExtensions
{
    public static IServiceCollection AddPolicyWatchStore(this IServiceCollection services, string contentRoot)
    {
        services.AddCheckedOptions<StorageOptions>(StorageOptions.Section)
            .Validate(o => string.Equals(o.Provider, StorageOptions.Sqlite, StringComparison.OrdinalIgnoreCase) || o.IsPostgres,
                $"PolicyWatch:Storage:Provider must be {StorageOptions.Sqlite} or {StorageOptions.Postgres}")
            .Validate(o => o.IsPostgres || IsSqliteConnectionString(o.ConnectionString),
                "PolicyWatch:Storage:ConnectionString is not a SQLite connection string; write it like Data Source=data/policywatch.db")
            .Validate(o => !o.IsPostgres || IsPostgresConnectionString(o.ConnectionString),
                "PolicyWatch:Storage:ConnectionString is not a PostgreSQL connection string with a Host and a Database; write it like Host=db;Database=policywatch;Username=bot;Password=...");

        // Only the configured provider's factory is ever built.
        services.AddSingleton(sp => new SqliteConnectionFactory(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString, contentRoot));
        services.AddSingleton(sp => new PostgresConnectionFactory(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString));
        services.AddSingleton<IStoreLocation>(sp => IsPostgres(sp) ? sp.GetRequiredService<PostgresConnectionFactory>() : sp.GetRequiredService<SqliteConnectionFactory>());
        services.AddSingleton<IStore>(sp => IsPostgres(sp)
            ? new PostgresStore(sp.GetRequiredService<PostgresConnectionFactory>(), sp.GetRequiredService<TimeProvider>())
            : new SqliteStore(sp.GetRequiredService<SqliteConnectionFactory>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    private static bool IsPostgres(IServiceProvider services) => services.GetRequiredService<IOptions<StorageOptions>>().Value.IsPostgres;

    private static bool IsSqliteConnectionString(string value)
    {
        try
        {
            _ = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(value);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool IsPostgresConnectionString(string value)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(value);
            return !string.IsNullOrWhiteSpace(builder.Host) && !string.IsNullOrWhiteSpace(builder.Database);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
