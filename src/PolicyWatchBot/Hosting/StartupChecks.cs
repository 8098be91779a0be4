using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PolicyWatchBot.Storage;
using PolicyWatchBot.Storage.Sqlite;

namespace PolicyWatchBot.Hosting;

/// <summary>
/// What a verb that opens the store checks on its built host before starting it, in an order
/// that leaves the disk as it was when one fails: the whole configuration, then the database file.
/// </summary>
internal static class StartupChecks
{
    /// <summary>Throws <see cref="ConfigurationProblemException"/> or <see cref="StartupProblemException"/>; returns the database file (null in memory or on PostgreSQL).</summary>
    public static string? ThrowIfCannotStart(IServiceProvider services)
    {
        ConfigurationCheck.ThrowIfInvalid(services);
        if (services.GetRequiredService<IOptions<StorageOptions>>().Value.IsPostgres)
        {
            // A shared database, no file: several instances may run on it, and the migration at start says why it cannot be used.
            return null;
        }

        var path = SqliteConnectionFactory.FilePath(
            services.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString,
            services.GetRequiredService<IHostEnvironment>().ContentRootPath);
        SqliteFileCheck.ThrowIfUnusable(path);
        return path;
    }
}
