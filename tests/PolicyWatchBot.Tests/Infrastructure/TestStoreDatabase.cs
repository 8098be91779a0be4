using System.Data.Common;

namespace PolicyWatchBot.Tests.Infrastructure;

/// <summary>A migrated store on a database of its own, and SQL run on that database past the store; dropped on dispose.</summary>
internal abstract class TestStoreDatabase : IAsyncDisposable
{
    /// <summary>The store under test (a SqliteStore or a PostgresStore).</summary>
    public abstract object Store { get; }

    /// <summary>Runs a statement on a connection of its own; parameters are written <c>@name</c>.</summary>
    public abstract Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] parameters);

    public abstract Task<T> ScalarAsync<T>(string sql, params (string Name, object? Value)[] parameters);

    /// <summary>Reads every row the query returns.</summary>
    public abstract Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> read, params (string Name, object? Value)[] parameters);

    /// <summary>From now on, writing an audit row whose <c>after</c> is LIKE <paramref name="after"/> aborts its transaction.</summary>
    public abstract Task FailAuditOfAsync(string after);

    public abstract ValueTask DisposeAsync();
}
