using Npgsql;

namespace PolicyWatchBot.Storage.Postgres;

/// <summary>
/// Opens pooled connections to the PostgreSQL database through one <see cref="NpgsqlDataSource"/>.
/// <see cref="Describe"/> names the server and database without the password, for logs and errors.
/// </summary>
internal sealed class PostgresConnectionFactory : IStoreLocation, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresConnectionFactory(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Describe = DescribeConnection(builder);
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    /// <summary>host:port/database as user, never the password.</summary>
    public string Describe { get; }

    public static string DescribeConnection(string connectionString) => DescribeConnection(new NpgsqlConnectionStringBuilder(connectionString));

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    public string? Explain(Exception exception) => exception is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException
        ? $"cannot use the PostgreSQL database {Describe}: {exception.Message.Split('\n')[0].Trim()}; check PolicyWatch:Storage:ConnectionString and that the server is up"
        : null;

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static string DescribeConnection(NpgsqlConnectionStringBuilder builder) =>
        $"{builder.Host}:{builder.Port}/{builder.Database}" + (string.IsNullOrEmpty(builder.Username) ? "" : $" as {builder.Username}");
}
