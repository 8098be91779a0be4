using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Npgsql;
using PolicyWatchBot.Core;
using PolicyWatchBot.Hosting;
using PolicyWatchBot.Storage.Copy;
using PolicyWatchBot.Storage.Postgres;
using PolicyWatchBot.Storage.Sqlite;

namespace PolicyWatchBot.Cli;

/// <summary>
/// <c>migrate --from SQLITE --to POSTGRES</c>: copies a SQLite store into an empty PostgreSQL one
/// (<see cref="StoreCopy"/>) and prints each table's verified row count. Exit 0 copied and verified,
/// 1 failed (the source cannot be read, the target cannot be reached, the counts differ; rolled
/// back), 2 bad usage or a target that is not empty (nothing changed), 130 stopped by Ctrl-C or
/// SIGTERM (rolled back). The target is named by host, port, database and user, never its password.
/// </summary>
internal static class MigrateVerb
{
    public const string Usage = """
        usage: policywatch migrate --from "Data Source=data/policywatch.db" --to "Host=HOST;Database=DB;Username=USER;Password=..."
          Copies a SQLite store into an empty PostgreSQL one (items, revisions, channels, rules, mutes,
          alerts, threads, audit, feed state, watchlists, screening lists: every table), in one
          transaction that checks every table's row count before it commits, and prints the counts.
          Both stores are first brought to the current schema. A target with any row is refused.
          --from CS   the SQLite connection string (a relative path is under the content root, as the bot reads it)
          --to CS     the Npgsql connection string of the PostgreSQL database
          exit: 0 copied and verified, 1 failed (source unreadable, target unreachable, counts differ: rolled back),
                2 bad usage or a target that is not empty (nothing changed), 130 stopped by Ctrl-C or SIGTERM (rolled back)
        """;

    private static readonly string[] Options = ["--from", "--to"];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, string? contentRoot = null, CancellationToken cancellationToken = default)
    {
        // No host runs here, so Ctrl-C and SIGTERM are caught by the verb itself: the copy's transaction is rolled back.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        if (Parse(args, out var problem) is not var (from, to))
        {
            await error.WriteLineAsync(problem + "\n" + Usage);
            return CommandLine.BadUsage;
        }

        try
        {
            return await MigrateAsync(from, to, output, error, contentRoot ?? CommandLine.ContentRoot(), stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await error.WriteLineAsync("migrate stopped before it finished; rolled back, nothing was copied");
            return CommandLine.Interrupted;
        }
    }

    private static async Task<int> MigrateAsync(string from, string to, TextWriter output, TextWriter error, string root, CancellationToken cancellationToken)
    {
        string? sourcePath;
        try
        {
            sourcePath = SqliteConnectionFactory.FilePath(from, root);
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync($"--from is not a SQLite connection string: {ex.Message}");
            return CommandLine.BadUsage;
        }

        if (sourcePath is null)
        {
            await error.WriteLineAsync("--from names no database file (an in-memory database has nothing to copy)");
            return CommandLine.BadUsage;
        }

        NpgsqlConnectionStringBuilder target;
        try
        {
            target = new NpgsqlConnectionStringBuilder(to);
        }
        catch (ArgumentException)
        {
            // Not the parser's message: it can quote the part it could not read, password included.
            await error.WriteLineAsync("--to is not a PostgreSQL connection string; write Host=HOST;Port=5432;Database=DB;Username=USER;Password=...");
            return CommandLine.BadUsage;
        }

        var described = PostgresConnectionFactory.DescribeConnection(to);
        if (!File.Exists(sourcePath))
        {
            await error.WriteLineAsync($"there is no SQLite database at {sourcePath} (--from); nothing was copied");
            return CommandLine.Failed;
        }

        try
        {
            SqliteFileCheck.ThrowIfUnusable(sourcePath);
        }
        catch (StartupProblemException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return CommandLine.Failed;
        }

        IReadOnlyList<CopiedTable> tables;
        try
        {
            await using var source = await new SqliteConnectionFactory(from, root).OpenAsync(cancellationToken);
            await using var connections = new PostgresConnectionFactory(to);
            NpgsqlConnection connection;
            try
            {
                connection = await connections.OpenAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is NpgsqlException && !cancellationToken.IsCancellationRequested)
            {
                await error.WriteLineAsync($"cannot reach the PostgreSQL database {described}: {Redacted(ex.Message, target.Password)}; nothing was copied");
                return CommandLine.Failed;
            }

            await using (connection)
            {
                tables = await StoreCopy.RunAsync(source, connection, cancellationToken);
            }
        }
        catch (TargetNotEmptyException ex)
        {
            await error.WriteLineAsync($"{described}: {ex.Message}");
            return CommandLine.BadUsage;
        }
        catch (StoreCopyException ex)
        {
            await error.WriteLineAsync($"migrate to {described} failed: {ex.Message}");
            return CommandLine.Failed;
        }
        catch (SqliteException ex)
        {
            await error.WriteLineAsync(SqliteFileCheck.Explain(sourcePath, ex) + "; nothing was copied");
            return CommandLine.Failed;
        }
        catch (Exception ex) when (ex is NpgsqlException && !cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"migrate to {described} failed: {Redacted(ex.Message, target.Password)}; rolled back, nothing was copied");
            return CommandLine.Failed;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }

        var width = tables.Max(t => t.Name.Length);
        foreach (var table in tables)
        {
            await output.WriteLineAsync($"{table.Name.PadRight(width)}  {table.CopiedRows.ToString("N0", CultureInfo.InvariantCulture),12}");
        }

        await error.WriteLineAsync($"migrated {sourcePath} to {described}: {tables.Count} tables, "
            + $"{tables.Sum(t => t.CopiedRows).ToString("N0", CultureInfo.InvariantCulture)} rows, every count verified; "
            + "the term index is built when the bot first starts on PostgreSQL");
        return CommandLine.Ok;
    }

    /// <summary>A server's or driver's message with the password taken out, should it ever quote it.</summary>
    private static string Redacted(string message, string? password) =>
        string.IsNullOrEmpty(password) ? message : message.Replace(password, "***", StringComparison.Ordinal);

    private static (string From, string To)? Parse(string[] args, out string problem)
    {
        problem = "";
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 && arg.StartsWith("--", StringComparison.Ordinal) ? arg[..equals] : arg;
            if (!Options.Contains(name, StringComparer.Ordinal))
            {
                var meant = arg.StartsWith('-') ? ClosestMatch.Find(name, Options) : null;
                problem = arg.StartsWith('-')
                    ? $"unknown option '{name}' for migrate" + (meant is null ? "" : $"; did you mean '{meant}'?")
                    : "unexpected argument: migrate takes only --from and --to";
                return null;
            }

            var value = name != arg ? arg[(equals + 1)..] : i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null;
            if (string.IsNullOrWhiteSpace(value))
            {
                problem = $"{name} needs a value";
                return null;
            }

            if (!values.TryAdd(name, value))
            {
                problem = $"{name} is given twice";
                return null;
            }
        }

        foreach (var option in Options.Where(o => !values.ContainsKey(o)))
        {
            problem = $"migrate needs {option}";
            return null;
        }

        return (values["--from"], values["--to"]);
    }
}
