using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using PolicyWatchBot.Storage.Postgres;
using PolicyWatchBot.Storage.Sqlite;

namespace PolicyWatchBot.Storage.Copy;

/// <summary>
/// Copies a SQLite store into an empty PostgreSQL one: both are first brought to the current schema
/// by their migrators, then every table of the SQLite schema that the PostgreSQL schema has is copied
/// column by column (the PostgreSQL schema mirrors SQLite's names), each value converted to its
/// PostgreSQL column's type, with binary COPY, in one PostgreSQL transaction that also checks the
/// target is empty and that every table's row count equals the source's before it commits.
/// The source is read in one SQLite read transaction, so a bot still running on it cannot make the
/// counts disagree. Not copied: schema_version (each migrator keeps its own), setup_version (its
/// value is carried, one higher), and the term index (SQLite's FTS5 item_terms and its shadow
/// tables, PostgreSQL's item_terms), which the PostgreSQL store builds for the items it lacks when it starts.
/// </summary>
internal static class StoreCopy
{
    /// <summary>Tables never copied row by row, in either schema.</summary>
    private static readonly HashSet<string> NotCopied = new(StringComparer.Ordinal)
    {
        "schema_version", "setup_version", "item_terms", "item_terms_version",
    };

    /// <summary>
    /// Foreign keys that run in a circle: alerts.thread_id names a thread whose parent_alert_id names
    /// an alert. The column is copied as null, then set once its table's targets are in.
    /// </summary>
    private static readonly (string Table, string Column)[] SetAfterwards = [("alerts", "thread_id")];

    public static async Task<IReadOnlyList<CopiedTable>> RunAsync(SqliteConnection source, NpgsqlConnection target, CancellationToken cancellationToken)
    {
        await SqliteMigrator.MigrateAsync(source, cancellationToken);
        await PostgresMigrator.MigrateAsync(target, cancellationToken);

        await using var read = source.BeginTransaction(deferred: true);
        await using var write = await target.BeginTransactionAsync(cancellationToken);
        // No instance's poll writes while the copy runs (the store's write lock, released with the transaction).
        await PostgresStore.ExecuteAsync(write, PostgresStore.WriteLock, cancellationToken);

        var targetTables = await ReadTargetTablesAsync(write, cancellationToken);
        var sourceTables = await ReadSourceTablesAsync(read, cancellationToken);
        await RefuseSourceOnlyRowsAsync(read, sourceTables, targetTables, cancellationToken);

        var tables = await CopyOrderAsync(write, [.. targetTables.Values.Where(t => sourceTables.ContainsKey(t.Name))], cancellationToken);
        await RefuseNonEmptyAsync(write, tables, cancellationToken);

        foreach (var table in tables)
        {
            await CopyTableAsync(read, write, table, sourceTables[table.Name], cancellationToken);
        }

        foreach (var (tableName, column) in SetAfterwards.Where(s => tables.Any(t => t.Name == s.Table)))
        {
            await SetColumnAfterwardsAsync(read, write, tables.Single(t => t.Name == tableName), column, cancellationToken);
        }

        await CarrySetupVersionAsync(read, write, cancellationToken);
        foreach (var table in tables)
        {
            await ResetIdentitiesAsync(write, table, cancellationToken);
        }

        var counts = await VerifyCountsAsync(read, write, tables, cancellationToken);
        await write.CommitAsync(cancellationToken);
        return counts;
    }

    private static async Task<Dictionary<string, TargetTable>> ReadTargetTablesAsync(NpgsqlTransaction write, CancellationToken cancellationToken)
    {
        await using var command = PostgresStore.Command(write, """
            SELECT c.table_name, c.column_name, c.data_type, c.is_identity = 'YES'
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
            ORDER BY c.table_name, c.ordinal_position
            """);
        var columns = await PostgresStore.ReadAllAsync(command, r => (Table: r.GetString(0),
            Column: new TargetColumn(r.GetString(1), r.GetString(2), r.GetBoolean(3))), cancellationToken);
        return columns.Where(c => !NotCopied.Contains(c.Table))
            .GroupBy(c => c.Table, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new TargetTable(g.Key, [.. g.Select(c => c.Column)]), StringComparer.Ordinal);
    }

    /// <summary>Each SQLite table (not SQLite's own, not the term index's FTS5 table and shadow tables) with its columns.</summary>
    private static async Task<Dictionary<string, HashSet<string>>> ReadSourceTablesAsync(SqliteTransaction read, CancellationToken cancellationToken)
    {
        await using var command = SqliteCommand(read, """
            SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
            WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' AND m.name NOT LIKE 'item\_terms\_%' ESCAPE '\'
            """);
        var tables = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var table = reader.GetString(0);
            if (!NotCopied.Contains(table))
            {
                (tables.TryGetValue(table, out var columns) ? columns : tables[table] = new HashSet<string>(StringComparer.Ordinal)).Add(reader.GetString(1));
            }
        }

        return tables;
    }

    /// <summary>A SQLite table with rows that the PostgreSQL schema lacks would be lost: the copy stops before it starts.</summary>
    private static async Task RefuseSourceOnlyRowsAsync(
        SqliteTransaction read, Dictionary<string, HashSet<string>> sourceTables, Dictionary<string, TargetTable> targetTables, CancellationToken cancellationToken)
    {
        var lost = new List<string>();
        foreach (var table in sourceTables.Keys.Where(t => !targetTables.ContainsKey(t)).Order(StringComparer.Ordinal))
        {
            if (await CountAsync(read, table, cancellationToken) is var rows and > 0)
            {
                lost.Add($"{table} ({rows} rows)");
            }
        }

        if (lost.Count > 0)
        {
            throw new StoreCopyException($"the PostgreSQL schema has no table for {string.Join(", ", lost)} of the SQLite store; nothing was copied");
        }
    }

    /// <summary>The tables, each after the tables its foreign keys name (except the columns set afterwards).</summary>
    private static async Task<List<TargetTable>> CopyOrderAsync(NpgsqlTransaction write, List<TargetTable> tables, CancellationToken cancellationToken)
    {
        await using var command = PostgresStore.Command(write, """
            SELECT child.relname, parent.relname, a.attname
            FROM pg_constraint c
            JOIN pg_class child ON child.oid = c.conrelid
            JOIN pg_class parent ON parent.oid = c.confrelid
            JOIN pg_namespace n ON n.oid = child.relnamespace
            CROSS JOIN LATERAL unnest(c.conkey) AS k(attnum)
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
            WHERE c.contype = 'f' AND n.nspname = current_schema()
            """);
        var keys = await PostgresStore.ReadAllAsync(command, r => (Child: r.GetString(0), Parent: r.GetString(1), Column: r.GetString(2)), cancellationToken);
        var names = tables.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var needs = tables.ToDictionary(t => t.Name, t => keys
            .Where(k => k.Child == t.Name && k.Parent != t.Name && names.Contains(k.Parent) && !SetAfterwards.Contains((k.Child, k.Column)))
            .Select(k => k.Parent).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);

        var ordered = new List<TargetTable>();
        var remaining = tables.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        while (remaining.Count > 0)
        {
            var ready = remaining.Where(t => needs[t.Name].All(p => ordered.Any(o => o.Name == p))).ToList();
            if (ready.Count == 0)
            {
                throw new StoreCopyException($"the foreign keys of {string.Join(", ", remaining.Select(t => t.Name))} run in a circle; nothing was copied");
            }

            ordered.AddRange(ready);
            remaining.RemoveAll(ready.Contains);
        }

        return ordered;
    }

    private static async Task RefuseNonEmptyAsync(NpgsqlTransaction write, List<TargetTable> tables, CancellationToken cancellationToken)
    {
        var sql = string.Join("\nUNION ALL ", tables.Select((t, i) => $"SELECT {i} WHERE EXISTS (SELECT 1 FROM {Quoted(t.Name)})"));
        await using var command = PostgresStore.Command(write, sql);
        var filled = await PostgresStore.ReadAllAsync(command, r => tables[r.GetInt32(0)].Name, cancellationToken);
        if (filled.Count > 0)
        {
            throw new TargetNotEmptyException(filled);
        }
    }

    private static async Task CopyTableAsync(
        SqliteTransaction read, NpgsqlTransaction write, TargetTable table, HashSet<string> sourceColumns, CancellationToken cancellationToken)
    {
        var columns = table.Columns.Where(c => sourceColumns.Contains(c.Name)).ToList();
        var nulled = columns.Select(c => SetAfterwards.Contains((table.Name, c.Name))).ToArray();
        await using var select = SqliteCommand(read, $"SELECT {string.Join(", ", columns.Select(c => Quoted(c.Name)))} FROM {Quoted(table.Name)}");
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        await using var importer = await write.Connection!.BeginBinaryImportAsync(
            $"COPY {Quoted(table.Name)} ({string.Join(", ", columns.Select(c => Quoted(c.Name)))}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        long row = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            row++;
            await importer.StartRowAsync(cancellationToken);
            for (var i = 0; i < columns.Count; i++)
            {
                if (nulled[i] || reader.IsDBNull(i))
                {
                    await importer.WriteNullAsync(cancellationToken);
                    continue;
                }

                try
                {
                    await WriteValueAsync(importer, columns[i].DataType, reader.GetValue(i), cancellationToken);
                }
                catch (FormatException ex)
                {
                    throw new StoreCopyException($"{table.Name}.{columns[i].Name}, row {row}: {ex.Message}; nothing was copied");
                }
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }

    /// <summary>One SQLite value as its PostgreSQL column's type: instants (DbTime text) as UTC timestamptz, 0/1 as booleans, 'yyyy-MM-dd' as dates.</summary>
    private static Task WriteValueAsync(NpgsqlBinaryImporter importer, string dataType, object value, CancellationToken cancellationToken) => dataType switch
    {
        "timestamp with time zone" => importer.WriteAsync(Instant(value).UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken),
        "date" => importer.WriteAsync(Date(value), NpgsqlDbType.Date, cancellationToken),
        "boolean" => importer.WriteAsync(Flag(value), NpgsqlDbType.Boolean, cancellationToken),
        "smallint" => importer.WriteAsync(Convert.ToInt16(value, CultureInfo.InvariantCulture), NpgsqlDbType.Smallint, cancellationToken),
        "integer" => importer.WriteAsync(Convert.ToInt32(value, CultureInfo.InvariantCulture), NpgsqlDbType.Integer, cancellationToken),
        "bigint" => importer.WriteAsync(Convert.ToInt64(value, CultureInfo.InvariantCulture), NpgsqlDbType.Bigint, cancellationToken),
        "double precision" => importer.WriteAsync(Convert.ToDouble(value, CultureInfo.InvariantCulture), NpgsqlDbType.Double, cancellationToken),
        "real" => importer.WriteAsync(Convert.ToSingle(value, CultureInfo.InvariantCulture), NpgsqlDbType.Real, cancellationToken),
        "numeric" => importer.WriteAsync(Convert.ToDecimal(value, CultureInfo.InvariantCulture), NpgsqlDbType.Numeric, cancellationToken),
        "text" => importer.WriteAsync(Text(value), NpgsqlDbType.Text, cancellationToken),
        "jsonb" => importer.WriteAsync(Text(value), NpgsqlDbType.Jsonb, cancellationToken),
        "json" => importer.WriteAsync(Text(value), NpgsqlDbType.Json, cancellationToken),
        "bytea" => importer.WriteAsync(value as byte[] ?? throw new FormatException($"'{value}' is not a blob"), NpgsqlDbType.Bytea, cancellationToken),
        _ => throw new StoreCopyException($"the PostgreSQL column type {dataType} has no conversion from SQLite; nothing was copied"),
    };

    private static DateTimeOffset Instant(object value)
    {
        var text = value as string ?? throw new FormatException($"{value} is not an instant");
        try
        {
            return DbTime.Read(text);
        }
        catch (FormatException)
        {
            // Rows SQLite itself stamped (strftime's milliseconds) rather than DbTime's seven digits.
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
                ? instant
                : throw new FormatException($"'{text}' is not an instant");
        }
    }

    private static DateOnly Date(object value) =>
        value is string text && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new FormatException($"'{value}' is not a date (yyyy-MM-dd)");

    private static bool Flag(object value) => value switch
    {
        0L => false,
        1L => true,
        _ => throw new FormatException($"'{value}' is not a flag (0 or 1)"),
    };

    private static string Text(object value) => value switch
    {
        string text => text,
        byte[] => throw new FormatException("a blob is not text"),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };

    private static async Task SetColumnAfterwardsAsync(SqliteTransaction read, NpgsqlTransaction write, TargetTable table, string column, CancellationToken cancellationToken)
    {
        await using var select = SqliteCommand(read, $"SELECT id, {Quoted(column)} FROM {Quoted(table.Name)} WHERE {Quoted(column)} IS NOT NULL");
        var ids = new List<long>();
        var values = new List<long>();
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetInt64(0));
                values.Add(reader.GetInt64(1));
            }
        }

        if (ids.Count > 0)
        {
            await PostgresStore.ExecuteAsync(write, $"""
                UPDATE {Quoted(table.Name)} t SET {Quoted(column)} = v.value
                FROM unnest(@ids, @values) AS v(id, value) WHERE t.id = v.id
                """, cancellationToken, ("ids", ids.ToArray()), ("values", values.ToArray()));
        }
    }

    /// <summary>
    /// The source's setup version, one higher: the copy's inserts moved the target's own, and an
    /// instance that read the source's rules rebuilds them from the copy.
    /// </summary>
    private static async Task CarrySetupVersionAsync(SqliteTransaction read, NpgsqlTransaction write, CancellationToken cancellationToken)
    {
        await using var select = SqliteCommand(read, "SELECT version FROM setup_version WHERE id = 1");
        var version = await select.ExecuteScalarAsync(cancellationToken) is long value ? value : 1;
        await PostgresStore.ExecuteAsync(write, "UPDATE setup_version SET version = @v WHERE id = 1", cancellationToken, ("v", version + 1));
    }

    /// <summary>Each identity column's next value is MAX + 1, so the next row the store inserts does not collide with a copied id.</summary>
    private static async Task ResetIdentitiesAsync(NpgsqlTransaction write, TargetTable table, CancellationToken cancellationToken)
    {
        foreach (var column in table.Columns.Where(c => c.IsIdentity))
        {
            await PostgresStore.ExecuteAsync(write, $"""
                SELECT setval(pg_get_serial_sequence(@table, @column), COALESCE((SELECT MAX({Quoted(column.Name)}) FROM {Quoted(table.Name)}), 0) + 1, false)
                """, cancellationToken, ("table", Quoted(table.Name)), ("column", column.Name));
        }
    }

    private static async Task<List<CopiedTable>> VerifyCountsAsync(
        SqliteTransaction read, NpgsqlTransaction write, List<TargetTable> tables, CancellationToken cancellationToken)
    {
        var counts = new List<CopiedTable>();
        var differ = new List<string>();
        foreach (var table in tables)
        {
            var source = await CountAsync(read, table.Name, cancellationToken);
            await using var command = PostgresStore.Command(write, $"SELECT COUNT(*) FROM {Quoted(table.Name)}");
            var copied = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
            counts.Add(new CopiedTable(table.Name, source, copied));
            if (source != copied)
            {
                differ.Add($"{table.Name}: {source} in SQLite, {copied} in PostgreSQL");
            }
        }

        if (differ.Count > 0)
        {
            throw new StoreCopyException($"the row counts differ ({string.Join("; ", differ)}); rolled back, nothing was copied");
        }

        return counts;
    }

    private static async Task<long> CountAsync(SqliteTransaction read, string table, CancellationToken cancellationToken)
    {
        await using var command = SqliteCommand(read, $"SELECT COUNT(*) FROM {Quoted(table)}");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static SqliteCommand SqliteCommand(SqliteTransaction transaction, string sql)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>A table or column name as an identifier in both dialects (names come from the schemas, never from input).</summary>
    private static string Quoted(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private sealed record TargetColumn(string Name, string DataType, bool IsIdentity);

    private sealed record TargetTable(string Name, IReadOnlyList<TargetColumn> Columns);
}
