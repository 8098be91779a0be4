using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using PolicyWatchBot.Storage.Sqlite;

namespace PolicyWatchBot.Benchmarks;

/// <summary>
/// <c>policywatch audit export</c> over a seeded audit log of 1,000,000 rows, run as its own process
/// (the published verb, not a call into it), once for the newest 10 % of the rows and once for all of
/// them, in both formats. It reports rows per second and the process's peak resident memory
/// (VmHWM). Goal: the export streams, so peak memory for all rows is at most 1.25 times that for a
/// tenth of them.
/// </summary>
internal static class AuditExportBenchmark
{
    private const double Goal = 1.25;

    public static async Task<int> RunAsync(int rows, TextWriter output)
    {
        var folder = Path.Combine(Path.GetTempPath(), "policywatch-bench-audit-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        try
        {
            var database = Path.Combine(folder, "policywatch.db");
            var seed = Stopwatch.StartNew();
            var tenthSince = await SeedAsync(database, rows);
            output.WriteLine($"seeded {rows:N0} audit rows in {seed.Elapsed.TotalSeconds:F1} s ({new FileInfo(database).Length / 1048576.0:F0} MiB)");

            var passed = true;
            foreach (var format in new[] { "csv", "jsonl" })
            {
                var tenth = await ExportAsync(folder, database, format, tenthSince, output);
                var all = await ExportAsync(folder, database, format, null, output);
                var ratio = (double)all.PeakBytes / tenth.PeakBytes;
                output.WriteLine($"{format}: peak memory all / tenth = {ratio:F2} (goal ≤ {Goal}: {(ratio <= Goal ? "met" : "not met")})");
                passed &= ratio <= Goal && all.Exit == 0 && tenth.Exit == 0;
            }

            return passed ? 0 : 1;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A migrated database with <paramref name="rows"/> audit rows over 20 channels, one a minute; returns the instant of the newest tenth.</summary>
    private static async Task<string> SeedAsync(string database, int rows)
    {
        var store = new SqliteStore(new SqliteConnectionFactory($"Data Source={database}", Path.GetDirectoryName(database)!), TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await using var connection = new SqliteConnection($"Data Source={database}");
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        for (var c = 1; c <= 20; c++)
        {
            await using var channel = connection.CreateCommand();
            channel.CommandText = "INSERT INTO channels (id, platform, workspace, channel, display_name, created_at) VALUES ($id, 'slack', 'T01', $channel, $name, $at)";
            channel.Parameters.AddWithValue("$id", c);
            channel.Parameters.AddWithValue("$channel", $"C{c:D4}");
            channel.Parameters.AddWithValue("$name", $"desk-{c}");
            channel.Parameters.AddWithValue("$at", Time(start));
            await channel.ExecuteNonQueryAsync();
        }

        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO audit (at, channel_id, user_id, user_name, action, before, after) VALUES ($at, $c, $uid, $uname, $action, $before, $after)";
        var at = insert.Parameters.Add("$at", SqliteType.Text);
        var channelId = insert.Parameters.Add("$c", SqliteType.Integer);
        var userId = insert.Parameters.Add("$uid", SqliteType.Text);
        var userName = insert.Parameters.Add("$uname", SqliteType.Text);
        var action = insert.Parameters.Add("$action", SqliteType.Text);
        var before = insert.Parameters.Add("$before", SqliteType.Text);
        var after = insert.Parameters.Add("$after", SqliteType.Text);
        insert.Prepare();
        for (var i = 0; i < rows; i++)
        {
            at.Value = Time(start.AddMinutes(i));
            channelId.Value = i % 20 + 1;
            userId.Value = $"U{i % 97:D5}";
            userName.Value = i % 7 == 0 ? "Doe, \"JJ\"" : $"user {i % 97}";
            action.Value = (i % 3) switch { 0 => "rule add", 1 => "rule edit", _ => "ack" };
            before.Value = i % 3 == 1 ? $"rule-{i % 200}: (\"advanced computing\" OR semiconduct*) AND agency:\"industry and security\"" : DBNull.Value;
            after.Value = i % 3 == 2 ? $"PW-{i:X6}: sent to legal,\nsee the thread" : $"rule-{i % 200}: \"entity list\" AND type:rule -correction";
            await insert.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        return Time(start.AddMinutes(rows - rows / 10));
    }

    private static async Task<(int Exit, long PeakBytes)> ExportAsync(string folder, string database, string format, string? since, TextWriter output)
    {
        var file = Path.Combine(folder, "audit." + format);
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "policywatch.dll"), "audit", "export", "--format", format, "--output", file, $"--PolicyWatch:Storage:ConnectionString=Data Source={database}" })
        {
            start.ArgumentList.Add(arg);
        }

        if (since is not null)
        {
            start.ArgumentList.Add("--since");
            start.ArgumentList.Add(since);
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        long peak = 0;
        while (!process.HasExited)
        {
            peak = Math.Max(peak, PeakResidentBytes(process.Id));
            await Task.Delay(10);
        }

        await process.WaitForExitAsync();
        var seconds = watch.Elapsed.TotalSeconds;
        var summary = (await stderr).Trim();
        await stdout;
        var written = summary.Split(' ') is [_, var count, ..] ? long.Parse(count, NumberStyles.AllowThousands, CultureInfo.InvariantCulture) : 0;
        output.WriteLine($"{format,-5} {(since is null ? "all rows" : "newest tenth"),-13} {written,10:N0} rows  {written / seconds,10:N0} rows/s  {seconds,6:F2} s  peak {peak / 1048576.0,6:F1} MiB  {new FileInfo(file).Length / 1048576.0,6:F0} MiB written  exit {process.ExitCode}");
        if (process.ExitCode != 0)
        {
            output.WriteLine(summary);
        }

        return (process.ExitCode, peak);
    }

    /// <summary>The process's peak resident set so far (VmHWM in /proc/PID/status), 0 when it cannot be read.</summary>
    private static long PeakResidentBytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static string Time(DateTime instant) => instant.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
