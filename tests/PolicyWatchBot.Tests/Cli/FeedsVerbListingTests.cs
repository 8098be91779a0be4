using System.Text.RegularExpressions;
using PolicyWatchBot.Cli;
using PolicyWatchBot.Feeds;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Cli;

/// <summary><c>feeds</c> as a user runs it: the catalogue by jurisdiction, verified or not, schedule, secrets and health.</summary>
public sealed class FeedsVerbListingTests : IAsyncLifetime
{
    private readonly TempSqliteDatabase _db = new();
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();
    private FakeFeedServer _server = null!;
    private string _feeds = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeFeedServer.StartAsync();
        _server.Serve("/fr/bis.json", FederalRegisterBodies.OfAgency(FederalRegisterBodies.BisAgency), "application/json");
        _feeds = Path.Combine(_db.Folder, "feeds");
        Directory.CreateDirectory(_feeds);
        Write("fr-bis", "federal-register", _server.Url("/fr/bis.json").AbsoluteUri, "us", """ "tags": ["export-controls"]""");
        Write("uk-ofsi", "syndication", "https://www.gov.uk/government/organisations/office-of-financial-sanctions-implementation.atom", "uk", """ "verified": false""");
        Write("congress-bills", "json-list", "https://api.congress.gov/v3/bill?format=json", "us",
            """ "headers": { "X-Api-Key": "{secret:DATA_GOV}" }, "json": { "items": "bills", "id": "number", "title": "title" }""");
        File.WriteAllText(Path.Combine(_db.Folder, "appsettings.json"), """
            { "PolicyWatch": { "Feeds": { "Retries": 0 }, "Console": { "Feeds": "all" } } }
            """);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _db.Dispose();
    }

    private void Write(string id, string kind, string url, string jurisdiction, string extra) =>
        File.WriteAllText(Path.Combine(_feeds, id + ".json"), $$"""
            { "id": "{{id}}", "title": "Title of {{id}}", "kind": "{{kind}}", "url": "{{url}}",
              "schedule": { "interval": "1h" }, "jurisdiction": "{{jurisdiction}}", {{extra}} }
            """);

    [Fact]
    public async Task Feeds_GroupsByJurisdictionWithVerifiedScheduleAndSecrets()
    {
        var exit = await FeedsVerb.RunAsync([], _output, _error, _db.Folder);

        Assert.Equal(0, exit);
        var text = _output.ToString();
        Assert.True(text.IndexOf("United States (us): 2 feeds", StringComparison.Ordinal) < text.IndexOf("United Kingdom (uk): 1 feed", StringComparison.Ordinal));
        Assert.Contains("  fr-bis  federal-register · every 1h · verified", text, StringComparison.Ordinal);
        Assert.Contains("    #export-controls", text, StringComparison.Ordinal);
        Assert.Contains("  uk-ofsi  syndication · every 1h · not yet checked against the live source", text, StringComparison.Ordinal);
        Assert.Contains("    not polled: needs PolicyWatch:Feeds:Secrets:DATA_GOV", text, StringComparison.Ordinal);
        Assert.Contains("3 feeds valid, 0 refused; 1 not yet checked against the live source; 1 not polled for want of a secret; no database yet, so no health", text, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_db.Folder, "data", "policywatch.db")));
    }

    [Fact]
    public async Task Feeds_ShippedCatalogue_RunsCleanWithEveryFeedUnderItsJurisdiction()
    {
        var folder = Path.Combine(Fixtures.RepoRoot, "feeds");
        var shipped = FeedCatalogLoader.Load(folder);

        var exit = await FeedsVerb.RunAsync(["--dir", folder], _output, _error, _db.Folder);

        Assert.Equal(0, exit);
        Assert.Equal("", _error.ToString());
        var listed = new Dictionary<string, string>(StringComparer.Ordinal);
        var headings = new List<string>();
        string? heading = null;
        foreach (var line in _output.ToString().Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (Regex.Match(line, @"^\S.* \((?<code>[a-z]+)\): \d+ feeds?$") is { Success: true } group)
            {
                heading = group.Groups["code"].Value;
                headings.Add(heading);
            }
            else if (Regex.Match(line, @"^  (?<id>[a-z0-9-]+)  [a-z-]+ · .+ · (verified|not yet checked against the live source)$") is { Success: true } feed)
            {
                listed.Add(feed.Groups["id"].Value, heading!);
            }
        }

        Assert.Equal(shipped.Feeds.ToDictionary(f => f.Id.Value, f => f.Jurisdiction), listed);
        Assert.Equal(headings.OrderBy(Jurisdictions.Order), headings);
        Assert.Equal(headings.Distinct(), headings);
        Assert.Contains(
            $"{shipped.Feeds.Count} feeds valid, 0 refused; {shipped.Feeds.Count(f => !f.Verified)} not yet checked against the live source; 9 not polled for want of a secret",
            _output.ToString(), StringComparison.Ordinal);
        Assert.Contains("    not polled: needs PolicyWatch:Feeds:Secrets:SEC_USER_AGENT", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feeds_SecretGivenOnTheCommandLine_NoLongerNeeded()
    {
        var exit = await FeedsVerb.RunAsync(["--PolicyWatch:Feeds:Secrets:DATA_GOV=abc"], _output, _error, _db.Folder);

        Assert.Equal(0, exit);
        Assert.DoesNotContain("needs PolicyWatch:Feeds:Secrets:DATA_GOV", _output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("abc", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feeds_AfterAPoll_ShowsEachFeedsHealth()
    {
        await PollVerb.RunAsync(["--once", "--feed", "fr-bis"], new StringWriter(), new StringWriter(), _db.Folder);

        var exit = await FeedsVerb.RunAsync([], _output, _error, _db.Folder);

        Assert.Equal(0, exit);
        var text = _output.ToString();
        Assert.Contains("    healthy, last success ", text, StringComparison.Ordinal);
        Assert.Contains("    not polled yet", text, StringComparison.Ordinal);
        Assert.DoesNotContain("no database yet", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feeds_RefusedFile_ListedOnStandardErrorAndExit1()
    {
        File.WriteAllText(Path.Combine(_feeds, "bad.json"), """{ "id": "bad-feed", "kind": "json-list" }""");

        var exit = await FeedsVerb.RunAsync([], _output, _error, _db.Folder);

        Assert.Equal(1, exit);
        Assert.Contains("refused: feeds/bad.json: ", _error.ToString(), StringComparison.Ordinal);
    }
}
