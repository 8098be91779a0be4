using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using PolicyWatchBot.Cli;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Feeds.Backfill;

/// <summary>
/// The history backfill of a Federal Register feed through <c>poll --once</c> against a loopback
/// Federal Register search serving real documents of the saved answer, re-dated over the last year:
/// the first poll asks month by month, stores the history without alerting it, and <c>rule test</c>
/// counts it; a month past the API's limit is split, and a day past what one query reads is said to be read in part;
/// 0 days turns it off; a backfill stopped by an error goes on at the next poll.
/// </summary>
public sealed partial class BackfillPollTests : IAsyncLifetime
{
    private const string Marker = "backfilled";
    private const string Window = "--PolicyWatch:Feeds:AlertWindow=2.00:00:00";
    private const string Backfill = "--PolicyWatch:Feeds:BackfillDays=365";

    private readonly TempSqliteDatabase _db = new();
    private readonly DateOnly _today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
    private FakeFederalRegisterSearch _search = null!;

    public async Task InitializeAsync()
    {
        _search = await FakeFederalRegisterSearch.StartAsync();
        WriteFeed(perPage: 20);
        File.WriteAllText(Path.Combine(_db.Folder, "appsettings.json"), """
            {
              "Logging": { "LogLevel": { "Default": "Warning" } },
              "PolicyWatch": { "Feeds": { "Retries": 0, "MaxPages": 3 }, "Console": { "Feeds": "all" } }
            }
            """);
    }

    public async Task DisposeAsync()
    {
        await _search.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _db.Dispose();
    }

    [Fact]
    public async Task PollOnce_FirstPoll_AsksForEachMonthOfTheYearAndStoresItWithoutAlerts()
    {
        _search.Publish(_today, 1, "recent");
        var dated = PublishYear();
        _search.Publish(_today.AddDays(-400), 1, "older", Marker);

        var (output, error) = await PollAsync(Backfill);

        Assert.Equal(["fr:recent-00000"], Alerts(output));
        Assert.Equal(ExpectedMonths(_today.AddDays(-365), _today), Windows());
        Assert.Equal(dated + 1, await CountItemsAsync());
        Assert.False(await IsStoredAsync("fr:older-00000"));
        Assert.Matches($@"history backfill: \d+ documents stored without alerts, history from {Day(_today.AddDays(-365))} \(365 days backfilled, \d+ documents\)", error);

        var (test, _) = await ChatAsync("rule", "test", "--days", "365", Marker);
        Assert.Contains($"{dated} matches", test, StringComparison.Ordinal);
        Assert.Contains($"history from {Day(_today.AddDays(-365))} (365 days backfilled", test, StringComparison.Ordinal);
        var (status, _) = await ChatAsync("status");
        Assert.Contains($"history from {Day(_today.AddDays(-365))} (365 days backfilled", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PollOnce_AfterTheBackfill_AsksForNoHistoryAgain()
    {
        _search.Publish(_today, 1, "recent");
        PublishYear();
        await PollAsync(Backfill);
        var searches = _search.Searches.Count;

        var (output, error) = await PollAsync(Backfill);

        Assert.Empty(Alerts(output));
        Assert.DoesNotContain(_search.Searches.Skip(searches), s => s.From is not null);
        Assert.DoesNotContain("history backfill", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PollOnce_BackfillDaysZero_ReadsNoHistory()
    {
        _search.Publish(_today, 1, "recent");
        PublishYear();

        var (output, error) = await PollAsync("--PolicyWatch:Feeds:BackfillDays=0");

        Assert.Equal(["fr:recent-00000"], Alerts(output));
        Assert.DoesNotContain(_search.Searches, s => s.From is not null);
        Assert.Equal(60, await CountItemsAsync()); // the regular poll's three pages of 20
        Assert.DoesNotContain("history backfill", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PollOnce_MonthPastTheApiLimit_IsSplitAndReadWhole()
    {
        // Pages of 1,000 (the API's largest): 10 pages would reach 10,000, so the API's own limit decides.
        WriteFeed(perPage: 1000);
        var month = new DateOnly(_today.Year, _today.Month, 1).AddMonths(-2);
        _search.Publish(month.AddDays(3), 1200, "busy-a", Marker);
        _search.Publish(month.AddDays(20), 1000, "busy-b", Marker);

        var (output, error) = await PollAsync(Backfill, "--PolicyWatch:Feeds:MaxPages=10");

        // The regular poll pages through the 2,000 newest; only the split month reaches the other 200.
        var end = month.AddMonths(1).AddDays(-1);
        var middle = month.AddDays((end.Day / 2) - 1);
        var windows = Windows();
        Assert.Contains((month, end), windows);
        Assert.Contains((month, middle), windows);
        Assert.Contains((middle.AddDays(1), end), windows);
        Assert.Equal(2200, await CountItemsAsync());
        Assert.Empty(Alerts(output));
        Assert.Contains("history backfill: 200 documents stored without alerts", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PollOnce_OneDayPastWhatAQueryReads_SaysHowManyWereNotRead()
    {
        // Pages of 20 and at most 3 of them: one query reads 60 documents, and this day has 70.
        var day = _today.AddDays(-40);
        _search.Publish(day, 70, "flood", Marker);

        var (output, error) = await PollAsync(Backfill);

        Assert.Contains((day, day), Windows());
        Assert.Empty(Alerts(output));
        Assert.Equal(60, await CountItemsAsync());
        Assert.Contains("10 documents of days with more than one query reads were not read", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PollOnce_BackfillStoppedByAnError_GoesOnAtTheNextPollWithoutAlerts()
    {
        _search.Publish(_today, 1, "recent");
        var dated = PublishYear();
        var broken = ExpectedMonths(_today.AddDays(-365), _today)[4].From;
        _search.FailWindowFrom(broken);

        var (first, firstError) = await PollAsync(Backfill);
        var asked = _search.Searches.Count;
        _search.Recover();
        var (second, secondError) = await PollAsync(Backfill);

        Assert.Equal(["fr:recent-00000"], Alerts(first));
        Assert.Contains("stopped by: feed fr-bis: HTTP 500", firstError, StringComparison.Ordinal);
        Assert.Empty(Alerts(second));
        var resumed = _search.Searches.Skip(asked).Where(s => s.From is not null).Select(s => s.From!.Value).ToList();
        Assert.Equal(broken, resumed.Max());
        Assert.Equal(dated + 1, await CountItemsAsync());
        Assert.Contains($"history from {Day(_today.AddDays(-365))} (365 days backfilled", secondError, StringComparison.Ordinal);
    }

    /// <summary>A document every 5 days from 5 to 360 days ago, marked; returns how many.</summary>
    private int PublishYear()
    {
        var count = 0;
        for (var days = 5; days <= 360; days += 5)
        {
            _search.Publish(_today.AddDays(-days), 1, $"d{days:000}", Marker);
            count++;
        }

        return count;
    }

    /// <summary>The calendar months of the days from..through, cut to them, as the dates of their first and last day.</summary>
    private static List<(DateOnly From, DateOnly Through)> ExpectedMonths(DateOnly from, DateOnly through)
    {
        var days = Enumerable.Range(0, through.DayNumber - from.DayNumber + 1).Select(from.AddDays);
        return [.. days.GroupBy(d => (d.Year, d.Month)).Select(g => (g.Min(), g.Max())).OrderByDescending(w => w.Item1)];
    }

    private List<(DateOnly From, DateOnly Through)> Windows() =>
        [.. _search.Searches.Where(s => s is { From: not null, Through: not null, Page: 1 }).Select(s => (s.From!.Value, s.Through!.Value))];

    private void WriteFeed(int perPage)
    {
        var feeds = Path.Combine(_db.Folder, "feeds");
        Directory.CreateDirectory(feeds);
        File.WriteAllText(Path.Combine(feeds, "fr-bis.json"), $$"""
            { "id": "fr-bis", "title": "BIS in the Federal Register", "kind": "federal-register",
              "url": "{{_search.Url($"conditions%5Bagencies%5D%5B%5D=industry-and-security-bureau&order=newest&per_page={perPage}")}}",
              "schedule": { "interval": "1h" }, "jurisdiction": "us", "tags": ["export-controls"] }
            """);
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    // The window is given on the command line: the test assembly's environment opens it wide for the other tests.
    private async Task<(string Output, string Error)> PollAsync(params string[] settings)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await PollVerb.RunAsync(["--once", Window, .. settings], output, error, _db.Folder);
        Assert.True(exit == 0, $"poll --once exited {exit}: {error}");
        return (output.ToString(), error.ToString());
    }

    private async Task<(string Output, string Error)> ChatAsync(params string[] command)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await ChatVerb.RunAsync([Window, "--channel", "console", "--user", "alice", "--manager", .. command], output, error, _db.Folder);
        Assert.True(exit == 0, $"chat exited {exit}: {output}{error}");
        return (output.ToString(), error.ToString());
    }

    private async Task<long> CountItemsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_db.Folder, "data", "policywatch.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM items";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<bool> IsStoredAsync(string key)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_db.Folder, "data", "policywatch.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM items WHERE item_key = $k";
        command.Parameters.AddWithValue("$k", key);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    /// <summary>The item of every alert printed, from each alert's first line.</summary>
    private static List<string> Alerts(string output) => [.. AlertHead().Matches(output).Select(m => m.Groups["item"].Value)];

    [GeneratedRegex(@"^━━ PW-\S+ .* · fr-bis · (?<item>\S+)(?: → #\S+)?$", RegexOptions.Multiline)]
    private static partial Regex AlertHead();
}
