using Npgsql;
using PolicyWatchBot.Cli;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Cli;

/// <summary>
/// The verbs on <c>PolicyWatch:Storage:Provider=Postgres</c>: <c>poll --once</c> and <c>chat</c> store in the
/// PostgreSQL database the connection string names (no SQLite file appears), two one-shot runs share
/// it, the audit export reads it, and a server that cannot be reached is told plainly, without the password.
/// </summary>
public sealed class PostgresProviderTests : IAsyncLifetime, IPostgresStoreTest
{
    private readonly TempSqliteDatabase _folder = new();
    private FakeFeedServer _server = null!;
    private TempPostgresSchema? _schema;

    public async Task InitializeAsync()
    {
        _server = await FakeFeedServer.StartAsync();
        _server.Serve("/fr/bis.json", FederalRegisterBodies.OfAgency(FederalRegisterBodies.BisAgency), "application/json");
        var feeds = Path.Combine(_folder.Folder, "feeds");
        Directory.CreateDirectory(feeds);
        File.WriteAllText(Path.Combine(feeds, "fr-bis.json"), $$"""
            { "id": "fr-bis", "title": "fr-bis", "kind": "federal-register", "url": "{{_server.Url("/fr/bis.json")}}",
              "schedule": { "interval": "1h" }, "jurisdiction": "us" }
            """);
        File.WriteAllText(Path.Combine(_folder.Folder, "appsettings.json"), """
            {
              "Logging": { "LogLevel": { "Default": "Warning" } },
              "PolicyWatch": { "Feeds": { "Retries": 0, "BackfillDays": 0 }, "Console": { "Feeds": "all", "Rules": { "committees": "title:committee" } } }
            }
            """);
        if (PostgresTestServer.ConnectionString is not null || PostgresTestServer.InCi)
        {
            _schema = await PostgresTestServer.CreateSchemaAsync(CancellationToken.None);
        }
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }

        _folder.Dispose();
    }

    private static string[] OnPostgres(string connectionString) =>
        ["--PolicyWatch:Storage:Provider=Postgres", $"--PolicyWatch:Storage:ConnectionString={connectionString}"];

    private async Task<long> CountAsync(string table)
    {
        await using var connection = new NpgsqlConnection(_schema!.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT COUNT(*) FROM {table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [StoreFact]
    public async Task PollOnce_OnPostgres_StoresThereAndASecondRunFindsNothingNew()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await PollVerb.RunAsync(["--once", "--feed", "fr-bis", .. OnPostgres(_schema!.ConnectionString)], output, error, _folder.Folder);

        Assert.True(exit == 0, error.ToString());
        Assert.Contains("matched committees (Committee)", output.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder.Folder, "data", "policywatch.db")), "a SQLite file was created");
        Assert.Equal(4, await CountAsync("items"));
        Assert.True(await CountAsync("alerts") >= 1);

        using var again = new StringWriter();
        Assert.Equal(0, await PollVerb.RunAsync(["--once", "--feed", "fr-bis", .. OnPostgres(_schema.ConnectionString)], again, error, _folder.Folder));
        Assert.Equal("", again.ToString());
    }

    [StoreFact]
    public async Task Chat_OnPostgres_SubscribesInTheSharedDatabaseAndAuditExportReadsIt()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await ChatVerb.RunAsync(["--channel", "desk", "--user", "alice", "--manager", "subscribe", "fr-bis", .. OnPostgres(_schema!.ConnectionString)], output, error, _folder.Folder);

        Assert.True(exit == 0, error.ToString());
        Assert.Equal(1, await CountAsync("subscriptions WHERE target = 'fr-bis'"));
        using var audit = new StringWriter();
        Assert.Equal(0, await AuditVerb.RunAsync(["export", "--format", "jsonl", .. OnPostgres(_schema.ConnectionString)], audit, error, _folder.Folder));
        Assert.Contains("\"subscribe\"", audit.ToString(), StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task PollOnce_PostgresServerUnreachable_SaysWhichDatabaseWithoutThePassword()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await PollVerb.RunAsync(
            ["--once", .. OnPostgres("Host=127.0.0.1;Port=1;Database=nowhere;Username=bot;Password=s3cret-pw;Timeout=2")], output, error, _folder.Folder);

        Assert.Equal(2, exit);
        Assert.Contains("cannot use the PostgreSQL database 127.0.0.1:1/nowhere as bot", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", error.ToString() + output, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task PollOnce_NotAPostgresConnectionString_RefusedBeforeAnythingOpens()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await PollVerb.RunAsync(["--once", .. OnPostgres("Data Source=data/policywatch.db")], output, error, _folder.Folder);

        Assert.Equal(2, exit);
        Assert.Contains("not a PostgreSQL connection string with a Host and a Database", error.ToString(), StringComparison.Ordinal);
    }
}
