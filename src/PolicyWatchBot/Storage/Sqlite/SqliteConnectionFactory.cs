using Microsoft.Data.Sqlite;

namespace PolicyWatchBot.Storage.Sqlite;

/// <summary>
/// Opens connections to the SQLite file. A relative path in the connection string is resolved
/// against the content root (the repo root under <c>dotnet run</c>), and its folder is created.
/// </summary>
internal sealed class SqliteConnectionFactory : IStoreLocation
{
    private readonly string _connectionString;

    public SqliteConnectionFactory(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (FilePath(connectionString, contentRoot) is { } path)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            builder.DataSource = path;
        }

        builder.Pooling = true;
        builder.ForeignKeys = true;
        builder.DefaultTimeout = 30;
        _connectionString = builder.ToString();
        DatabasePath = builder.DataSource;
    }

    /// <summary>The full path of the file the connection string names, or null for an in-memory database.</summary>
    public static string? FilePath(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        return builder.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:"
            ? Path.GetFullPath(builder.DataSource, contentRoot)
            : null;
    }

    public string DatabasePath { get; }

    public string Describe => DatabasePath;

    public string? Explain(Exception exception) => exception is SqliteException sqlite ? SqliteFileCheck.Explain(DatabasePath, sqlite) : null;

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
