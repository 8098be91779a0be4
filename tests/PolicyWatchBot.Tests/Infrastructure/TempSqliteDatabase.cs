using Microsoft.Data.Sqlite;
using PolicyWatchBot.Storage.Sqlite;

namespace PolicyWatchBot.Tests.Infrastructure;

/// <summary>A real SQLite file in its own temp folder, deleted on dispose.</summary>
public sealed class TempSqliteDatabase : IDisposable
{
    public TempSqliteDatabase()
    {
        Folder = Path.Combine(Path.GetTempPath(), "policywatch-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        FilePath = System.IO.Path.Combine(Folder, "policywatch.db");
    }

    public string Folder { get; }

    public string FilePath { get; }

    public string ConnectionString => $"Data Source={FilePath}";

    internal SqliteStore CreateStore(TimeProvider? time = null) =>
        new(new SqliteConnectionFactory(ConnectionString, Folder), time ?? TimeProvider.System);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a pool we do not own; the temp folder is cleaned by the OS.
        }
    }
}
