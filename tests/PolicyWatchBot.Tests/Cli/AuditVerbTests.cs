using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using PolicyWatchBot.Cli;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Tests.Infrastructure;
using PolicyWatchBot.Tests.Storage;

namespace PolicyWatchBot.Tests.Cli;

/// <summary><c>audit export</c> over a real SQLite file: RFC 4180 CSV, JSON lines, filters, order, and refusals that write nothing.</summary>
public sealed class AuditVerbTests : ChannelStoreTest
{
    private const string Header = "id,at,channel,channel_name,user_id,user_name,action,before,after";

    private static readonly Actor Quoted = new("U3", "Doe, \"JJ\"");

    private long _desk;

    private string ConnectionOption => $"--PolicyWatch:Storage:ConnectionString=Data Source={Database.FilePath}";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _desk = await Store.EnsureChannelAsync(new ChannelKey("slack", "T01", "C0DESK"), "desk", Ct);
        await Store.AppendAuditAsync(Channel, StoreTestData.Ada, "subscribe", null, "fr-bis", Ct);
        Clock.Advance(TimeSpan.FromDays(1));
        await Store.AppendAuditAsync(_desk, Quoted, "rule add", null, "multi: \"a, b\" OR c", Ct);
        Clock.Advance(TimeSpan.FromDays(1));
        await Store.AppendAuditAsync(_desk, StoreTestData.Bob, "ack", null, "PW-3F9K: first line\r\nsecond line\nthird", Ct);
    }

    [Fact]
    public async Task Export_Csv_HeaderThenEveryRowInOrderWithCrlf()
    {
        var (exit, output, error) = await ExportAsync();

        Assert.Equal(0, exit);
        Assert.StartsWith(Header + "\r\n", output, StringComparison.Ordinal);
        Assert.EndsWith("\r\n", output, StringComparison.Ordinal);
        Assert.Equal(
            "1,2026-03-02T09:00:00.0000000Z,console/local/alerts,alerts,U1,Ada,subscribe,,fr-bis\r\n",
            output[(Header.Length + 2)..].Split("\r\n")[0] + "\r\n");
        Assert.Contains("exported 3 audit rows", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_Csv_CommasQuotesAndNewlinesQuotedPerRfc4180()
    {
        var (_, output, _) = await ExportAsync();

        Assert.Contains(
            "2,2026-03-03T09:00:00.0000000Z,slack/T01/C0DESK,desk,U3,\"Doe, \"\"JJ\"\"\",rule add,,\"multi: \"\"a, b\"\" OR c\"\r\n",
            output, StringComparison.Ordinal);
        var rows = Rfc4180.Parse(output);
        Assert.Equal(4, rows.Count);
        Assert.All(rows, row => Assert.Equal(9, row.Count));
        Assert.Equal(["2", "2026-03-03T09:00:00.0000000Z", "slack/T01/C0DESK", "desk", "U3", "Doe, \"JJ\"", "rule add", "", "multi: \"a, b\" OR c"], rows[2]);
        Assert.Equal("PW-3F9K: first line\r\nsecond line\nthird", rows[3][8]);
    }

    [Fact]
    public async Task Export_Jsonl_OneObjectPerRowWithNullsForMissingValues()
    {
        var (exit, output, _) = await ExportAsync("--format", "jsonl");

        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        using var second = JsonDocument.Parse(lines[1]);
        var row = second.RootElement;
        Assert.Equal(2, row.GetProperty("id").GetInt64());
        Assert.Equal("2026-03-03T09:00:00.0000000Z", row.GetProperty("at").GetString());
        Assert.Equal("slack/T01/C0DESK", row.GetProperty("channel").GetString());
        Assert.Equal("desk", row.GetProperty("channelName").GetString());
        Assert.Equal(("U3", "Doe, \"JJ\""), (row.GetProperty("userId").GetString(), row.GetProperty("userName").GetString()));
        Assert.Equal("rule add", row.GetProperty("action").GetString());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("before").ValueKind);
        Assert.Equal("multi: \"a, b\" OR c", row.GetProperty("after").GetString());
        using var third = JsonDocument.Parse(lines[2]);
        Assert.Equal("PW-3F9K: first line\r\nsecond line\nthird", third.RootElement.GetProperty("after").GetString());
    }

    [Fact]
    public async Task Export_ClockWentBack_RowsStillInTheOrderTheyWereWritten()
    {
        var earlier = Database.CreateStore(new FakeTimeProvider(StoreTestData.Start.AddDays(-10)));
        await earlier.AppendAuditAsync(Channel, StoreTestData.Bob, "unsubscribe", "fr-bis", null, Ct);

        var (_, output, _) = await ExportAsync();

        var rows = Rfc4180.Parse(output).Skip(1).ToList();
        Assert.Equal(["1", "2", "3", "4"], rows.Select(r => r[0]));
        Assert.Equal("unsubscribe", rows[3][6]);
    }

    [Theory]
    [InlineData("slack/T01/C0DESK")]
    [InlineData("SLACK/t01/c0desk")]
    [InlineData("desk")]
    [InlineData("#desk")]
    [InlineData("C0DESK")]
    public async Task Export_Channel_OnlyThatChannelsRows(string channel)
    {
        var (exit, output, _) = await ExportAsync("--channel", channel);

        Assert.Equal(0, exit);
        Assert.Equal(["2", "3"], Rfc4180.Parse(output).Skip(1).Select(r => r[0]));
    }

    [Theory]
    [InlineData("2026-03-03", new[] { "2", "3" })]
    [InlineData("2026-03-03T09:00:00Z", new[] { "2", "3" })]
    [InlineData("2026-03-03T09:00:00.0000001Z", new[] { "3" })]
    [InlineData("2026-03-04T10:00:00+01:00", new[] { "3" })]
    [InlineData("2026-03-05", new string[0])]
    public async Task Export_Since_RowsFromThatInstantOn(string since, string[] ids)
    {
        var (exit, output, _) = await ExportAsync("--since", since);

        Assert.Equal(0, exit);
        Assert.Equal(ids, Rfc4180.Parse(output).Skip(1).Select(r => r[0]));
    }

    [Fact]
    public async Task Export_ChannelAndSince_BothApply()
    {
        await Store.AppendAuditAsync(Channel, StoreTestData.Ada, "rule add", null, "late: chip", Ct);

        var (_, output, _) = await ExportAsync("--channel=alerts", "--since=2026-03-04", "--format=jsonl");

        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("\"after\":\"late: chip\"", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_Output_WritesTheFileAndNothingOnStandardOutput()
    {
        var file = Path.Combine(Database.Folder, "audit.csv");
        File.WriteAllText(file, "an older export");

        var (exit, output, error) = await ExportAsync("--output", file);

        Assert.Equal(0, exit);
        Assert.Empty(output);
        Assert.Equal(4, Rfc4180.Parse(File.ReadAllText(file)).Count);
        Assert.Contains($"exported 3 audit rows to {file}", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Database.Folder, "*.partial"));
    }

    [Fact]
    public async Task Export_ReadsWithoutChangingTheDatabase()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var before = Hash(Database.FilePath);

        await ExportAsync("--channel", "desk");

        Assert.Equal(before, Hash(Database.FilePath));
    }

    [Theory]
    [InlineData(new[] { "export", "--chanel", "desk" }, "unknown option '--chanel' for audit export; did you mean '--channel'?")]
    [InlineData(new[] { "export", "--format", "xml" }, "--format is csv or jsonl, not 'xml'")]
    [InlineData(new[] { "export", "--since", "yesterday" }, "--since 'yesterday' is not a date; write a day (2026-03-01, midnight UTC) or an instant (2026-03-01T09:30:00Z)")]
    [InlineData(new[] { "export", "--since", "2026-03-01T09:30:00" }, "--since '2026-03-01T09:30:00' is not a date")]
    [InlineData(new[] { "export", "--since", "2026-02-30" }, "--since '2026-02-30' is not a date")]
    [InlineData(new[] { "export", "--channel" }, "--channel needs a value")]
    [InlineData(new[] { "export", "--channel", "--format", "csv" }, "--channel needs a value")]
    [InlineData(new[] { "export", "--format", "csv", "--format", "jsonl" }, "--format is given twice")]
    [InlineData(new[] { "export", "desk" }, "unexpected 'desk': audit export takes only options")]
    [InlineData(new[] { "exprot" }, "unknown audit subcommand 'exprot'; the only one is export")]
    [InlineData(new string[0], "audit needs a subcommand: export")]
    public async Task Run_BadUsage_Exit2WithTheProblemAndUsageAndNoFile(string[] args, string problem)
    {
        var file = Path.Combine(Database.Folder, "bad.csv");

        var (exit, output, error) = await RunAsync([.. args, "--output", file, ConnectionOption]);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.StartsWith(problem, error, StringComparison.Ordinal);
        Assert.Contains(AuditVerb.Usage, error, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task Export_UnknownChannel_Exit2WithTheClosestAndTheExistingFileKept()
    {
        var file = Path.Combine(Database.Folder, "audit.csv");
        File.WriteAllText(file, "an older export");

        var (exit, _, error) = await ExportAsync("--channel", "dsek", "--output", file);

        Assert.Equal(2, exit);
        Assert.StartsWith("--channel 'dsek' is not a channel of the database; did you mean 'desk'?", error, StringComparison.Ordinal);
        Assert.Equal("an older export", File.ReadAllText(file));
    }

    [Fact]
    public async Task Export_NameOfTwoChannels_Exit2AskingForTheWholeKey()
    {
        await Store.EnsureChannelAsync(ChannelKey.Console("desk"), "desk", Ct);

        var (exit, _, error) = await ExportAsync("--channel", "desk");

        Assert.Equal(2, exit);
        Assert.Equal("--channel 'desk' names 2 channels: slack/T01/C0DESK (desk), console/local/desk; give the whole key (platform/workspace/channel)", error.Trim());
    }

    [Fact]
    public async Task Export_NoDatabaseFile_Exit2AndNoFileCreated()
    {
        var missing = Path.Combine(Database.Folder, "none", "missing.db");

        var (exit, _, error) = await RunAsync(["export", $"--PolicyWatch:Storage:ConnectionString=Data Source={missing}"]);

        Assert.Equal(2, exit);
        Assert.Equal($"there is no database at {missing} (PolicyWatch:Storage:ConnectionString); nothing to export", error.Trim());
        Assert.False(Directory.Exists(Path.GetDirectoryName(missing)));
    }

    [Fact]
    public async Task Export_FileThatIsNotADatabase_Exit2NamingIt()
    {
        var garbage = Path.Combine(Database.Folder, "notes.db");
        File.WriteAllText(garbage, "these are my notes, not a database; long enough to be read as a header by SQLite's open");

        var (exit, _, error) = await RunAsync(["export", $"--PolicyWatch:Storage:ConnectionString=Data Source={garbage}"]);

        Assert.Equal(2, exit);
        Assert.StartsWith($"{garbage} cannot be read as PolicyWatchBot's database:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_OutputFolderMissing_Exit2BeforeReading()
    {
        var file = Path.Combine(Database.Folder, "no-such-folder", "audit.csv");

        var (exit, _, error) = await ExportAsync("--output", file);

        Assert.Equal(2, exit);
        Assert.Contains("does not exist; nothing was written", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_Stopped_Exit130AndNoFileNorPartialLeft()
    {
        var file = Path.Combine(Database.Folder, "audit.csv");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await AuditVerb.RunAsync(["export", "--output", file, ConnectionOption], output, error, Database.Folder, new CancellationToken(canceled: true));

        Assert.Equal(CommandLine.Interrupted, exit);
        Assert.Equal("audit export stopped before it finished; no file was written", error.ToString().Trim());
        Assert.False(File.Exists(file));
        Assert.Empty(Directory.GetFiles(Database.Folder, "*.partial"));
    }

    [Fact]
    public async Task CommandLine_AuditVerb_IsDispatchedAndListedInTheUsage()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await CommandLine.RunAsync(["audit", "exprot"], output, error);

        Assert.Equal(2, exit);
        Assert.Contains("unknown audit subcommand 'exprot'", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("policywatch audit export", CommandLine.Usage, StringComparison.Ordinal);
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private Task<(int Exit, string Output, string Error)> ExportAsync(params string[] options) => RunAsync(["export", .. options, ConnectionOption]);

    private async Task<(int Exit, string Output, string Error)> RunAsync(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await AuditVerb.RunAsync(args, output, error, Database.Folder, Ct);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>An RFC 4180 reader written for the test, independent of the exporter: quoted fields, doubled quotes, CRLF records.</summary>
    private static class Rfc4180
    {
        public static List<List<string>> Parse(string text)
        {
            var records = new List<List<string>>();
            var record = new List<string>();
            var field = new StringBuilder();
            var i = 0;
            while (i < text.Length)
            {
                if (text[i] == '"' && field.Length == 0)
                {
                    i++;
                    while (true)
                    {
                        Assert.True(i < text.Length, "unterminated quoted field");
                        if (text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                        }
                        else if (text[i] == '"')
                        {
                            i++;
                            break;
                        }
                        else
                        {
                            field.Append(text[i++]);
                        }
                    }
                }
                else if (text[i] == ',')
                {
                    record.Add(field.ToString());
                    field.Clear();
                    i++;
                }
                else if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    record.Add(field.ToString());
                    field.Clear();
                    records.Add(record);
                    record = [];
                    i += 2;
                }
                else
                {
                    Assert.False(text[i] is '"' or '\r' or '\n', $"a bare {(int)text[i]} at {i} outside quotes");
                    field.Append(text[i++]);
                }
            }

            Assert.True(field.Length == 0 && record.Count == 0, "the last record has no CRLF");
            return records;
        }
    }
}
