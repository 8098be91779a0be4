using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Feeds;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Feeds.Catalog;

public sealed class FeedCatalogLoaderTests : IDisposable
{
    private const string GoodFeed = """
        {
          "id": "good-feed",
          "title": "A good feed",
          "kind": "syndication",
          "url": "https://example.org/feed.atom",
          "schedule": { "interval": "30m" },
          "jurisdiction": "uk",
          "tags": ["uk", "allies"]
        }
        """;

    private readonly FeedFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string ShippedFeeds => Path.Combine(Fixtures.RepoRoot, "feeds");

    [Fact]
    public void Load_ShippedFeeds_HasNoErrors()
    {
        var catalog = FeedCatalogLoader.Load(ShippedFeeds);

        Assert.Empty(catalog.Errors);
    }

    [Theory]
    [InlineData("fr-bis", FeedKind.FederalRegister)]
    [InlineData("fr-ofac", FeedKind.FederalRegister)]
    [InlineData("fr-public-inspection", FeedKind.FederalRegisterPublicInspection)]
    [InlineData("uk-ecju", FeedKind.Syndication)]
    [InlineData("arxiv-distillation", FeedKind.Syndication)]
    public void Load_ShippedFeeds_ContainsFeedWithKind(string id, FeedKind kind)
    {
        var feed = FeedCatalogLoader.Load(ShippedFeeds).Find(id);

        Assert.NotNull(feed);
        Assert.Equal(kind, feed.Kind);
    }

    [Fact]
    public void Load_ShippedFederalRegisterFeeds_ScheduledInNewYorkTime()
    {
        var catalog = FeedCatalogLoader.Load(ShippedFeeds);

        Assert.All(
            catalog.Feeds.Where(f => f.Kind is FeedKind.FederalRegister or FeedKind.FederalRegisterPublicInspection),
            f => Assert.Equal("America/New_York", f.Schedule.TimeZone));
    }

    [Fact]
    public void Load_GoodFile_ReadsEveryField()
    {
        Write("good.json", GoodFeed);

        var feed = Assert.Single(FeedCatalogLoader.Load(_folder.Path).Feeds);

        Assert.Equal(new FeedId("good-feed"), feed.Id);
        Assert.Equal("A good feed", feed.Title);
        Assert.Equal(FeedKind.Syndication, feed.Kind);
        Assert.Equal(new Uri("https://example.org/feed.atom"), feed.Url);
        Assert.Equal(TimeSpan.FromMinutes(30), feed.Schedule.Interval);
        Assert.Null(feed.Schedule.Cron);
        Assert.Equal("uk", feed.Jurisdiction);
        Assert.Equal(new[] { "uk", "allies" }, feed.Tags);
    }

    [Fact]
    public void Load_MissingFolder_ReportsIt()
    {
        var missing = Path.Combine(_folder.Path, "nowhere");

        var catalog = FeedCatalogLoader.Load(missing);

        Assert.Empty(catalog.Feeds);
        Assert.Contains("does not exist", Assert.Single(catalog.Errors), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadFiles => new()
    {
        { "kind", Feed(kind: "\"rss\"") },
        { "url", Feed(url: "\"ftp://example.org/feed\"") },
        { "url", Feed(url: "\"not a url\"") },
        { "schedule.cron", Feed(schedule: """{ "cron": "every morning" }""") },
        { "schedule.timeZone", Feed(schedule: """{ "cron": "0 0 7 * * ?", "timeZone": "America/Nowhere" }""") },
        { "schedule.interval", Feed(schedule: """{ "interval": "30s" }""") },
        { "schedule.interval", Feed(schedule: """{ "interval": "soon" }""") },
        { "schedule", Feed(schedule: """{ "cron": "0 0 7 * * ?", "interval": "1h" }""") },
        { "schedule", Feed(schedule: "{ }") },
        { "html", Feed(kind: "\"html-list\"") },
        { "html", Feed(kind: "\"html-list\"", extra: "\"html\": { \"item\": \"//li\" }") },
        { "html.title", Feed(kind: "\"html-list\"", extra: "\"html\": { \"item\": \"//li\", \"title\": \"a[\", \"link\": \"a/@href\" }") },
        { "html.item", Feed(kind: "\"html-page\"", extra: "\"html\": { \"item\": \"//div[@id='x'\" }") },
        { "jurisdiction", Feed(jurisdiction: "\"mars\"") },
        { "id", Feed(id: "\"Bad_Id\"") },
        { "title", Feed(title: "\"  \"") },
        { "tags", Feed(extra: "\"tags\": [\"#us\"]") },
        { "list", Feed(kind: "\"entity-list\"") },
        { "list", Feed(extra: "\"list\": { \"id\": \"sdn\", \"title\": \"SDN List\", \"format\": \"sdn-csv\" }") },
        { "list.format", Feed(kind: "\"entity-list\"", extra: "\"list\": { \"id\": \"sdn\", \"title\": \"SDN List\", \"format\": \"sdn.csv\" }") },
        { "list.id", Feed(kind: "\"entity-list\"", extra: "\"list\": { \"id\": \"SDN list\", \"title\": \"SDN List\", \"format\": \"sdn-csv\" }") },
        { "list.title", Feed(kind: "\"entity-list\"", extra: "\"list\": { \"id\": \"sdn\", \"format\": \"sdn-csv\" }") },
    };

    [Fact]
    public void Load_EntityListFeed_ReadsItsListAndRefusesASecondFeedOnTheSameList()
    {
        const string List = "\"list\": { \"id\": \"sdn\", \"title\": \"SDN List\", \"format\": \"sdn-xml\" }";
        Write("a.json", Feed(id: "\"ofac-sdn\"", kind: "\"entity-list\"", extra: List));
        Write("b.json", Feed(id: "\"ofac-sdn-xml\"", kind: "\"entity-list\"", extra: List));

        var catalog = FeedCatalogLoader.Load(_folder.Path);

        var feed = Assert.Single(catalog.Feeds);
        Assert.Equal(new EntityListSource("sdn", EntityListFormat.SdnXml) { Title = "SDN List" }, feed.EntityList);
        Assert.Equal(FeedKind.EntityList, feed.Kind);
        Assert.Equal(Path.Combine(Path.GetFileName(_folder.Path), "b.json") + ": list.id: 'sdn' is already the list of feed ofac-sdn; give each list feed its own list id", Assert.Single(catalog.Errors));
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Load_BadFile_ReportsFileNameAndField(string field, string json)
    {
        Write("bad.json", json);

        var error = Assert.Single(FeedCatalogLoader.Load(_folder.Path).Errors);

        Assert.StartsWith(Path.Combine(Path.GetFileName(_folder.Path), "bad.json") + ": " + field + ": ", error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Load_BadFileNextToGoodOne_StillLoadsTheGoodOne(string field, string json)
    {
        Write("bad.json", json);
        Write("good.json", GoodFeed);

        var catalog = FeedCatalogLoader.Load(_folder.Path);

        Assert.Equal(new[] { "good-feed" }, catalog.Feeds.Select(f => f.Id.Value));
        Assert.Contains(field, Assert.Single(catalog.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownJsonProperty_ReportsFileAndProperty()
    {
        Write("bad.json", Feed(extra: "\"pollEvery\": \"1h\""));
        Write("good.json", GoodFeed);

        var catalog = FeedCatalogLoader.Load(_folder.Path);

        var error = Assert.Single(catalog.Errors);
        Assert.Contains("bad.json", error, StringComparison.Ordinal);
        Assert.Contains("pollEvery", error, StringComparison.Ordinal);
        Assert.Single(catalog.Feeds);
    }

    [Fact]
    public void Load_MalformedJson_ReportsFileAndKeepsGoodOne()
    {
        Write("bad.json", """{ "id": "broken", "title": """);
        Write("good.json", GoodFeed);

        var catalog = FeedCatalogLoader.Load(_folder.Path);

        var error = Assert.Single(catalog.Errors);
        Assert.StartsWith(Path.Combine(Path.GetFileName(_folder.Path), "bad.json") + ": ", error, StringComparison.Ordinal);
        Assert.Contains("not valid feed JSON", error, StringComparison.Ordinal);
        Assert.Single(catalog.Feeds);
    }

    [Fact]
    public void Load_SameIdInTwoFiles_ReportsTheSecondFile()
    {
        Write("a.json", GoodFeed);
        Write("b.json", GoodFeed);

        var catalog = FeedCatalogLoader.Load(_folder.Path);

        Assert.Single(catalog.Feeds);
        var error = Assert.Single(catalog.Errors);
        Assert.StartsWith(Path.Combine(Path.GetFileName(_folder.Path), "b.json") + ": id: ", error, StringComparison.Ordinal);
        Assert.Contains("good-feed", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CronWithoutTimeZone_DefaultsToUtc()
    {
        Write("cron.json", Feed(schedule: """{ "cron": "0 0 7 ? * MON-FRI" }"""));

        var feed = Assert.Single(FeedCatalogLoader.Load(_folder.Path).Feeds);

        Assert.Equal("0 0 7 ? * MON-FRI", feed.Schedule.Cron);
        Assert.Equal("UTC", feed.Schedule.TimeZone);
    }

    [Fact]
    public void Load_HtmlListWithSelectors_ReadsThem()
    {
        Write("html.json", Feed(kind: "\"html-list\"", extra: "\"html\": { \"item\": \"//li\", \"title\": \"a\", \"link\": \"a/@href\", \"date\": \"time\" }"));

        var feed = Assert.Single(FeedCatalogLoader.Load(_folder.Path).Feeds);

        Assert.Equal(new HtmlSelectors { Item = "//li", Title = "a", Link = "a/@href", Date = "time" }, feed.Html);
    }

    [Fact]
    public void Load_CommentsAndTrailingCommas_AreAccepted()
    {
        Write("lenient.json", """
            {
              // the feed of a test
              "id": "lenient",
              "title": "Lenient",
              "kind": "syndication",
              "url": "https://example.org/feed",
              "schedule": { "interval": "1h", },
              "jurisdiction": "us",
            }
            """);

        Assert.Empty(FeedCatalogLoader.Load(_folder.Path).Errors);
    }

    private static string Feed(
        string id = "\"bad-feed\"",
        string title = "\"A bad feed\"",
        string kind = "\"syndication\"",
        string url = "\"https://example.org/bad.atom\"",
        string schedule = """{ "interval": "1h" }""",
        string jurisdiction = "\"us\"",
        string? extra = null) => $$"""
        {
          "id": {{id}},
          "title": {{title}},
          "kind": {{kind}},
          "url": {{url}},
          "schedule": {{schedule}},
          "jurisdiction": {{jurisdiction}}{{(extra is null ? "" : ",\n  " + extra)}}
        }
        """;

    private void Write(string fileName, string json) => File.WriteAllText(Path.Combine(_folder.Path, fileName), json);
}
