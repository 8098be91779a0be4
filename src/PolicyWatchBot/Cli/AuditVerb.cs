using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Npgsql;
using PolicyWatchBot.Audit;
using PolicyWatchBot.Core;
using PolicyWatchBot.Storage;
using PolicyWatchBot.Storage.Postgres;
using PolicyWatchBot.Storage.Sqlite;

namespace PolicyWatchBot.Cli;

/// <summary>
/// <c>audit export [--channel KEY] [--since DATE] [--format csv|jsonl] [--output FILE]</c>: writes the
/// append-only audit log (who, when, channel, action, before, after) in the order it was written,
/// streamed row by row from the database opened read-only. Exit 0 when written, 1 when reading or
/// writing failed, 2 for bad usage, an unknown channel or a missing database, 130 when stopped by
/// Ctrl-C or SIGTERM (nothing written in those three cases).
/// </summary>
internal static class AuditVerb
{
    public const string Usage = """
        usage: policywatch audit export [--channel KEY] [--since DATE] [--format csv|jsonl] [--output FILE]
          Writes the append-only audit log (id, when, channel, who, action, before, after) in the order it
          was written, streamed from the database opened read-only.
          --channel KEY    platform/workspace/channel, or a channel's id or name
          --since DATE     a day (2026-03-01, from midnight UTC) or an instant (2026-03-01T09:30:00Z)
          --format F       csv (RFC 4180 with a header, the default) or jsonl
          --output FILE    write FILE, replaced only once the export is complete (default: standard output)
          exit: 0 written, 1 reading or writing failed, 2 bad usage, unknown channel or no database, 130 stopped by Ctrl-C or SIGTERM
        """;

    private static readonly string[] Options = ["--channel", "--since", "--format", "--output"];
    private static readonly string[] Formats = ["csv", "jsonl"];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, string? contentRoot = null, CancellationToken cancellationToken = default)
    {
        // No host runs here, so Ctrl-C and SIGTERM are caught by the verb itself: the export stops and removes its partial file.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        try
        {
            return await ExportAsync(args, output, error, contentRoot, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await error.WriteLineAsync("audit export stopped before it finished; no file was written");
            return CommandLine.Interrupted;
        }
    }

    private static async Task<int> ExportAsync(string[] args, TextWriter output, TextWriter error, string? contentRoot, CancellationToken cancellationToken)
    {
        if (args.Length == 0 || args[0] != "export")
        {
            var missing = args.Length == 0 || args[0].StartsWith('-');
            await error.WriteLineAsync((missing ? "audit needs a subcommand: export" : $"unknown audit subcommand '{args[0]}'; the only one is export") + "\n" + Usage);
            return CommandLine.BadUsage;
        }

        if (Parse(args[1..], out var passThrough, out var usageProblem) is not { } options)
        {
            await error.WriteLineAsync(usageProblem + "\n" + Usage);
            return CommandLine.BadUsage;
        }

        var root = contentRoot ?? CommandLine.ContentRoot();
        var storage = StorageOf(passThrough, root);
        string? database = null;
        if (!storage.IsPostgres)
        {
            database = DatabasePath(storage, root, out var problem);
            if (database is null)
            {
                await error.WriteLineAsync(problem);
                return CommandLine.BadUsage;
            }
        }

        if (options.Output is { } file && Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder && !Directory.Exists(folder))
        {
            await error.WriteLineAsync($"--output {file}: the folder {folder} does not exist; nothing was written");
            return CommandLine.BadUsage;
        }

        IAuditLog log;
        try
        {
            log = database is not null
                ? await SqliteAuditLog.OpenReadOnlyAsync(database, cancellationToken)
                : await PostgresAuditLog.OpenReadOnlyAsync(storage.ConnectionString, cancellationToken);
        }
        catch (Exception ex) when (ex is SqliteException or NpgsqlException or InvalidDataException or ArgumentException)
        {
            var where = database ?? PostgresConnectionFactory.DescribeConnection(storage.ConnectionString);
            await error.WriteLineAsync($"{where} cannot be read as PolicyWatchBot's database: {ex.Message.Split('\n')[0].Trim()} (PolicyWatch:Storage:ConnectionString)");
            return CommandLine.BadUsage;
        }

        await using (log)
        {
            AuditChannel? channel = null;
            if (options.Channel is { } typed)
            {
                var (found, refusal) = FindChannel(typed, await log.GetChannelsAsync(cancellationToken));
                if (found is null)
                {
                    await error.WriteLineAsync(refusal);
                    return CommandLine.BadUsage;
                }

                channel = found;
            }

            return await WriteAsync(log, channel, options, output, error, cancellationToken);
        }
    }

    private static async Task<int> WriteAsync(
        IAuditLog log, AuditChannel? channel, ExportOptions options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using IAuditRowWriter writer = options.Format == "jsonl" ? new AuditJsonlWriter() : new AuditCsvWriter();
        var target = options.Output is null ? null : Path.GetFullPath(options.Output);
        var partial = target is null ? null : Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Environment.ProcessId}.partial");
        long rows = 0;
        try
        {
            var file = partial is null ? null : new StreamWriter(partial, append: false, new System.Text.UTF8Encoding(false), bufferSize: 1 << 16);
            await using (file)
            {
                var destination = file ?? output;
                writer.WriteHeader(destination);
                await foreach (var row in log.ReadAsync(channel?.Id, options.Since, cancellationToken))
                {
                    writer.Write(row, destination);
                    rows++;
                }

                await destination.FlushAsync(cancellationToken);
            }

            if (partial is not null)
            {
                File.Move(partial, target!, overwrite: true);
            }
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            Delete(partial);
            await error.WriteLineAsync($"audit export failed after {rows} rows: {ex.Message}" + (target is null ? "" : $"; {target} was not written"));
            return CommandLine.Failed;
        }
        catch
        {
            Delete(partial);
            throw;
        }

        var scope = (channel is null ? "" : $" of {channel.Key}") + (options.Since is { } since ? $" since {AuditTime.Format(since)}" : "");
        await error.WriteLineAsync($"exported {rows.ToString("N0", CultureInfo.InvariantCulture)} audit rows{scope}" + (target is null ? "" : $" to {target}"));
        return CommandLine.Ok;
    }

    /// <summary>The store the configuration names (files, environment, the verb's own --key=value arguments).</summary>
    private static StorageOptions StorageOf(IReadOnlyList<string> passThrough, string root)
    {
        using var configuration = new ConfigurationManager();
        configuration["hostBuilder:reloadConfigOnChange"] = "false";
        _ = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [.. passThrough], ContentRootPath = root, Configuration = configuration });
        return configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
    }

    /// <summary>The SQLite database file the configuration names (a relative path is under the content root), or null with why.</summary>
    private static string? DatabasePath(StorageOptions storage, string root, out string problem)
    {
        if (!string.Equals(storage.Provider, StorageOptions.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            problem = $"PolicyWatch:Storage:Provider is '{storage.Provider}'; it must be {StorageOptions.Sqlite} or {StorageOptions.Postgres}";
            return null;
        }

        string source;
        try
        {
            source = new SqliteConnectionStringBuilder(storage.ConnectionString).DataSource;
        }
        catch (ArgumentException ex)
        {
            problem = $"PolicyWatch:Storage:ConnectionString is not a SQLite connection string: {ex.Message}";
            return null;
        }

        var path = string.IsNullOrEmpty(source) || source == ":memory:" ? null : Path.GetFullPath(source, root);
        problem = path is null
            ? "PolicyWatch:Storage:ConnectionString names no database file; nothing to export"
            : $"there is no database at {path} (PolicyWatch:Storage:ConnectionString); nothing to export";
        return path is not null && File.Exists(path) ? path : null;
    }

    /// <summary>A channel by its whole key (<c>slack/T0123/C0456</c>), or by its id or name when only one channel has it.</summary>
    private static (AuditChannel? Channel, string Refusal) FindChannel(string typed, IReadOnlyList<AuditChannel> channels)
    {
        var name = typed.TrimStart('#');
        var matches = typed.Contains('/', StringComparison.Ordinal)
            ? channels.Where(c => string.Equals(c.Key.ToString(), typed, StringComparison.OrdinalIgnoreCase)).ToList()
            : channels.Where(c => string.Equals(c.Key.Channel, name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(c.DisplayName, name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count == 1)
        {
            return (matches[0], "");
        }

        if (matches.Count > 1)
        {
            return (null, $"--channel '{typed}' names {matches.Count} channels: {string.Join(", ", matches)}; give the whole key (platform/workspace/channel)");
        }

        if (channels.Count == 0)
        {
            return (null, $"--channel '{typed}': the database has no channel yet");
        }

        var closest = ClosestMatch.Find(typed, channels.Select(c => c.Key.ToString()).Concat(channels.Select(c => c.DisplayName)));
        return (null, $"--channel '{typed}' is not a channel of the database" + (closest is null ? "" : $"; did you mean '{closest}'?")
            + $" Channels: {string.Join(", ", channels.Take(10))}{(channels.Count > 10 ? ", …" : "")}");
    }

    private static ExportOptions? Parse(string[] args, out List<string> passThrough, out string problem)
    {
        passThrough = [];
        problem = "";
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? arg[..equals] : arg;
            if (!Options.Contains(name, StringComparer.Ordinal))
            {
                if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
                {
                    passThrough.Add(arg);
                    continue;
                }

                var meant = arg.StartsWith('-') ? ClosestMatch.Find(name, Options) : null;
                problem = arg.StartsWith('-')
                    ? $"unknown option '{name}' for audit export" + (meant is null ? "" : $"; did you mean '{meant}'?")
                    : $"unexpected '{arg}': audit export takes only options";
                return null;
            }

            string? value = equals > 0 ? arg[(equals + 1)..] : i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null;
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

        var format = values.GetValueOrDefault("--format", "csv").ToLowerInvariant();
        if (!Formats.Contains(format, StringComparer.Ordinal))
        {
            problem = $"--format is csv or jsonl, not '{values["--format"]}'";
            return null;
        }

        DateTimeOffset? since = null;
        if (values.TryGetValue("--since", out var sinceText))
        {
            if (ParseSince(sinceText) is not { } parsed)
            {
                problem = $"--since '{sinceText}' is not a date; write a day (2026-03-01, midnight UTC) or an instant (2026-03-01T09:30:00Z)";
                return null;
            }

            since = parsed;
        }

        return new ExportOptions(values.GetValueOrDefault("--channel"), since, format, values.GetValueOrDefault("--output"));
    }

    /// <summary>A day (<c>2026-03-01</c>, from midnight UTC) or an ISO 8601 instant with its offset (<c>2026-03-01T09:30:00Z</c>).</summary>
    private static DateTimeOffset? ParseSince(string text)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
        return hasOffset && text.Length > 10 && text[10] is 'T' or 't'
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var instant)
            ? instant
            : null;
    }

    private static void Delete(string? path)
    {
        if (path is not null && File.Exists(path))
        {
            File.Delete(path);
        }
    }

    private sealed record ExportOptions(string? Channel, DateTimeOffset? Since, string Format, string? Output);
}
