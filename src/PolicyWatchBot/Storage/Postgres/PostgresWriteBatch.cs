using Npgsql;

namespace PolicyWatchBot.Storage.Postgres;

/// <summary>
/// Statements gathered to go to the server in one round trip (an <see cref="NpgsqlBatch"/>), in order,
/// inside the connection's transaction; for writes whose statements need no answer from the ones before.
/// Parameters as <see cref="PostgresStore.Command"/> takes them (instants written in UTC, null as SQL NULL).
/// </summary>
internal sealed class PostgresWriteBatch(NpgsqlConnection connection)
{
    private readonly List<NpgsqlBatchCommand> _commands = [];

    public void Add(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value switch
            {
                null => DBNull.Value,
                DateTimeOffset instant => instant.ToUniversalTime(),
                _ => value,
            });
        }

        _commands.Add(command);
    }

    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        if (_commands.Count == 0)
        {
            return;
        }

        await using var batch = new NpgsqlBatch(connection);
        foreach (var command in _commands)
        {
            batch.BatchCommands.Add(command);
        }

        _commands.Clear();
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
