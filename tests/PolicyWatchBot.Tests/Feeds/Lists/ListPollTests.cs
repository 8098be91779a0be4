using System.Text;
using Microsoft.Data.Sqlite;
using PolicyWatchBot.Cli;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Feeds.Lists;

/// <summary>
/// <c>poll --once</c> of an <c>entity-list</c> feed against a loopback host serving the real OFAC SDN CSV
/// (8,976 entries) and versions of it edited by the test: the first load is a baseline, each later
/// version alerts exactly its entity changes (once, however often it is read), a body that is not the
/// list fails the feed and changes nothing, and a change naming a watched name is one urgent alert
/// naming the listed form that matched and the score.
/// </summary>
public sealed class ListPollTests : IAsyncLifetime
{
    private const string ListPath = "/lists/sdn.csv";
    private const int RealEntries = 8976;

    private static readonly string RealList = ListFixtures.Text(ListFixtures.SdnCsv).TrimEnd('\u001A');

    private readonly TempSqliteDatabase _db = new();
    private FakeFeedServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeFeedServer.StartAsync();
        var feeds = Path.Combine(_db.Folder, "feeds");
        Directory.CreateDirectory(feeds);
        File.WriteAllText(Path.Combine(feeds, "ofac-sdn.json"), $$"""
            { "id": "ofac-sdn", "title": "OFAC SDN", "kind": "entity-list", "url": "{{_server.Url(ListPath)}}",
              "schedule": { "interval": "2h" }, "jurisdiction": "us", "defaultAgency": "Office of Foreign Assets Control",
              "list": { "id": "sdn", "title": "SDN List", "format": "sdn-csv" } }
            """);
        File.WriteAllText(Path.Combine(_db.Folder, "appsettings.json"), """
            {
              "Logging": { "LogLevel": { "Default": "Warning" } },
              "PolicyWatch": { "Feeds": { "Retries": 0 }, "Console": { "Feeds": "all" } }
            }
            """);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _db.Dispose();
    }

    /// <summary>The real list with entry 36 removed, an alias added to 306, and entry 99999 added (with the given remarks).</summary>
    private static string Edited(string addedRemarks = "-0- ") =>
        RealList
            .Replace("36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n", "", StringComparison.Ordinal)
            .Replace("\"a.k.a. 'BNC'.\"", "\"a.k.a. 'BNC'; a.k.a. 'BANCO CUBA'.\"", StringComparison.Ordinal)
        + $"99999,\"SHANDONG EXAMPLE HOLDINGS GROUP\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,{addedRemarks}\r\n\u001A";

    private void ServeList(string text) => _server.Serve(ListPath, Encoding.UTF8.GetBytes(text), "text/csv");

    private async Task<(int Exit, string Output)> PollOnceAsync()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await PollVerb.RunAsync(["--once", "--feed", "ofac-sdn"], output, error, _db.Folder);
        return (exit, output + "\n" + error);
    }

    private async Task<string> PollOnceSucceedingAsync()
    {
        var (exit, output) = await PollOnceAsync();
        Assert.True(exit == 0, $"poll --once exited {exit}: {output}");
        return output;
    }

    private async Task<string> ChatAsync(params string[] command)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await ChatVerb.RunAsync(["--channel", "desk", "--user", "alice", "--manager", .. command], output, error, _db.Folder);
        Assert.True(exit == 0, $"chat exited {exit}: {error}");
        return output.ToString();
    }

    private static int Alerts(string output, string? channel = null) =>
        output.Split('\n').Count(line => line.StartsWith("━━ PW-", StringComparison.Ordinal) && (channel is null || line.EndsWith("→ #" + channel, StringComparison.Ordinal)));

    private async Task<long> StoredEntitiesAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_db.Folder, "data", "policywatch.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT entities FROM screening_lists WHERE list = 'sdn') * 1000000 + (SELECT COUNT(*) FROM screening_list_entities WHERE list = 'sdn')";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task PollOnce_TwoVersionsOfTheRealList_FirstIsABaselineThenExactlyTheThreeChangesOnce()
    {
        ServeList(RealList);
        var baseline = await PollOnceSucceedingAsync();

        Assert.Equal(0, Alerts(baseline));
        Assert.Contains($"first load of the list: {RealEntries} entities stored as its baseline, without alerts", baseline, StringComparison.Ordinal);

        ServeList(Edited());
        var changed = await PollOnceSucceedingAsync();

        Assert.Equal(3, Alerts(changed));
        Assert.Contains("New · ofac-sdn · list:sdn:99999 → #console", changed, StringComparison.Ordinal);
        Assert.Contains("Added to the SDN List: SHANDONG EXAMPLE HOLDINGS GROUP", changed, StringComparison.Ordinal);
        Assert.Contains("Changed · ofac-sdn · list:sdn:36 → #console", changed, StringComparison.Ordinal);
        Assert.Contains("Changed · ofac-sdn · list:sdn:306 → #console", changed, StringComparison.Ordinal);
        Assert.Contains("Removed from the SDN List: AEROCARIBBEAN AIRLINES", changed, StringComparison.Ordinal);
        Assert.Contains("Amended on the SDN List: BANCO NACIONAL DE CUBA · alias added: BANCO CUBA", changed, StringComparison.Ordinal);
        Assert.Contains($"ofac-sdn: Polled, {RealEntries} items, 1 new, 2 changed, 3 alerts", changed, StringComparison.Ordinal);
        Assert.Equal(RealEntries * 1_000_001L, await StoredEntitiesAsync());

        // The same version in other bytes (a line end more) is read again and is no change at all.
        ServeList(Edited() + "\r\n");
        var again = await PollOnceSucceedingAsync();
        Assert.Equal(0, Alerts(again));
        Assert.Contains("ofac-sdn: Polled, 8976 items, 0 new, 0 changed, 0 alerts", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PollOnce_ErrorBodyInPlaceOfTheList_FailsTheFeedAndChangesNothing()
    {
        ServeList(RealList);
        await PollOnceSucceedingAsync();

        _server.Serve(ListPath, ListFixtures.Bytes(ListFixtures.NoSuchKey), "application/xml");
        var (exit, failed) = await PollOnceAsync();

        Assert.Equal(1, exit);
        Assert.Contains("feed ofac-sdn: expected OFAC's SDN CSV (ent_num, name, type, programs, ...), got an error document (NoSuchKey", failed, StringComparison.Ordinal);
        Assert.Equal(0, Alerts(failed));
        Assert.Equal(RealEntries * 1_000_001L, await StoredEntitiesAsync());

        // The stored version is the real list still: the next good download alerts its three changes, no more.
        ServeList(Edited());
        Assert.Equal(3, Alerts(await PollOnceSucceedingAsync()));
    }

    [Fact]
    public async Task PollOnce_ListUnderATenthOfItsStoredSize_IsRefusedAndNobodyIsRemoved()
    {
        ServeList(RealList);
        await PollOnceSucceedingAsync();

        ServeList(string.Join("\r\n", RealList.Split("\r\n").Take(500)) + "\r\n");
        var (exit, refused) = await PollOnceAsync();

        Assert.Equal(1, exit);
        Assert.Contains($"the list has 500 entries, under a tenth of the {RealEntries} stored", refused, StringComparison.Ordinal);
        Assert.Equal(0, Alerts(refused));
        Assert.Equal(RealEntries * 1_000_001L, await StoredEntitiesAsync());
    }

    [Fact]
    public async Task PollOnce_WatchedNameIsAnAliasOfAnAddedEntity_OneUrgentAlertNamingTheAliasAndScore()
    {
        ServeList(RealList);
        await PollOnceSucceedingAsync();
        await ChatAsync("subscribe", "ofac-sdn");
        await ChatAsync("rule", "add", "quiet", "\"no list entry says this\"");
        Assert.Contains("Heze Huayi Chemical", await ChatAsync("watch", "add", "Heze Huayi Chemical Co Ltd"), StringComparison.Ordinal);

        ServeList(Edited("\"a.k.a. 'HEZE HUAYI CHEMICAL CO., LTD.'.\""));
        var output = await PollOnceSucceedingAsync();

        Assert.Equal(1, Alerts(output, "desk"));
        var alert = output[output.IndexOf("list:sdn:99999 → #desk", StringComparison.Ordinal)..];
        var end = alert.IndexOf("\n━━", StringComparison.Ordinal);
        alert = end > 0 ? alert[..end] : alert;
        Assert.Contains("!! URGENT: watchlist match", alert, StringComparison.Ordinal);
        Assert.Contains("Added to the SDN List: SHANDONG EXAMPLE HOLDINGS GROUP · HEZE HUAYI CHEMICAL CO., LTD. matches your watchlist entry Heze Huayi Chemical Co Ltd (1.00)", alert, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PollOnce_RuleOverListFields_MatchesTheChangesOfThatProgramOnly()
    {
        ServeList(RealList);
        await PollOnceSucceedingAsync();
        await ChatAsync("subscribe", "ofac-sdn");
        Assert.Contains("cuba", await ChatAsync("rule", "add", "cuba", "list:sdn AND program:cuba"), StringComparison.Ordinal);

        var output = await PollOnceSucceedingAsync() + await ServeAndPollAsync(Edited());

        Assert.Equal(2, Alerts(output, "desk"));
        Assert.Contains("· list:sdn:36 → #desk", output, StringComparison.Ordinal);
        Assert.Contains("· list:sdn:306 → #desk", output, StringComparison.Ordinal);
        Assert.DoesNotContain("list:sdn:99999 → #desk", output, StringComparison.Ordinal);
    }

    private async Task<string> ServeAndPollAsync(string text)
    {
        ServeList(text);
        return await PollOnceSucceedingAsync();
    }
}
