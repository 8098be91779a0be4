using PolicyWatchBot.Core.Alerting;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Core.Search;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Feeds.Parsing;
using PolicyWatchBot.Storage.Postgres;
using PolicyWatchBot.Storage.Sqlite;
using PolicyWatchBot.Tests.Feeds.Parsing;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

/// <summary>
/// The term index backtests find candidates in: over the real Federal Register search page (1,000
/// documents, stored through a poll's write), a backtest through the index counts and shows exactly
/// what reading every item does, for every kind of rule; on SQLite's FTS5 table and PostgreSQL's tsvector.
/// </summary>
public abstract class ItemSearchTests : StoreTest<IItemStore>
{
    private static readonly FeedId Feed = new("fr-all");
    private static readonly DateOnly Since = new(2000, 1, 1);

    private static readonly Lazy<IReadOnlyList<FeedItem>> Documents = new(() => new FeedParser().Parse(
        ParsingFixtures.Feed(FeedKind.FederalRegister, Feed.Value),
        ParsingFixtures.Body("feeds/federal-register/documents-search-2024-01-all-fields-page1.json", "application/json",
            "https://www.federalregister.gov/api/v1/documents.json")).Items);

    public static TheoryData<string> Rules() =>
    [
        "export",
        "semiconduct*",
        "\"entity list\"",
        "semiconduct* OR \"entity list\"",
        "agency:\"industry and security\"",
        "title:rule",
        "type:rule -type:proposed",
        "cfr:15",
        "topic:exports",
        "significant:true",
        "docket:fda",
        "environmental NEAR/5 impact*",
        "(export OR import*) AND NOT agency:commerce",
        "fisheries OR /\\bRIN\\b/",
        "/3A09\\d/",
        "NOT notice",
        "body:entity",
    ];

    [StoreTheory]
    [MemberData(nameof(Rules))]
    public async Task Backtest_ThroughTheIndex_CountsAndShowsWhatReadingEveryItemDoes(string expression)
    {
        await StoreDocumentsAsync();
        var candidates = TermPrefilter.Of(RuleParser.Parse(expression).Expression!);

        var scanned = await TallyAsync(expression, null);
        var indexed = await TallyAsync(expression, candidates);

        Assert.Equal(1000, scanned.Items);
        Assert.Equal(scanned.Matches, indexed.Matches);
        Assert.Equal(Describe(scanned), Describe(indexed));
        if (candidates is not null)
        {
            Assert.Equal(indexed.Items, await Store.CountItemsSinceAsync([Feed], Since, candidates, Ct));
            Assert.True(indexed.Items < 1000, $"{indexed.Items} candidates of 1000 for {expression}");
        }
    }

    [StoreFact]
    public async Task Backtest_SelectiveRule_ReadsOnlyTheItemsThatHaveItsTerms()
    {
        await StoreDocumentsAsync();
        var expression = "semiconduct* OR \"entity list\"";

        var indexed = await TallyAsync(expression, TermPrefilter.Of(RuleParser.Parse(expression).Expression!));

        Assert.True(indexed.Matches > 0);
        Assert.InRange(indexed.Items, indexed.Matches, 10);
    }

    [StoreFact]
    public async Task NewRevision_ReplacesTheItemsTerms()
    {
        var first = StoreTestData.Item("2024-00001", title: "Widget controls");
        await StorePolls.StoreAsync(Store, new FeedId("fr-bis"), first);
        await StorePolls.AddRevisionsAsync(Store, new FeedId("fr-bis"), (first with { Title = "Gadget controls" }, 2, RevisionKind.Changed));

        Assert.Empty(await CandidatesAsync("widget"));
        Assert.Equal(["Gadget controls"], await CandidatesAsync("gadget"));
        Assert.Equal(1L, await Database.ScalarAsync<long>(Sql("SELECT COUNT(*) FROM items WHERE search_id IS NOT NULL", "SELECT COUNT(*) FROM item_terms")));
    }

    [StoreFact]
    public async Task MigrateAsync_StoreWithoutTheIndex_IndexesEveryItemAndFindsTheSameMatches()
    {
        await StoreDocumentsAsync();
        var expression = "agency:\"industry and security\" OR semiconduct*";
        var before = Describe(await TallyAsync(expression, TermPrefilter.Of(RuleParser.Parse(expression).Expression!)));

        // As a store of the version before the index, or one whose terms were of another version.
        await Database.ExecuteAsync(Sql(
            "INSERT INTO item_terms (item_terms) VALUES ('delete-all'); UPDATE items SET search_id = NULL, dated = NULL; UPDATE item_terms_version SET version = 0;",
            "DELETE FROM item_terms; UPDATE items SET dated = NULL; UPDATE item_terms_version SET version = 0;"));
        await MigrateAsync();

        Assert.Equal(0L, await Database.ScalarAsync<long>(Sql(
            "SELECT COUNT(*) FROM items WHERE search_id IS NULL OR dated IS NULL",
            "SELECT COUNT(*) FROM items i WHERE dated IS NULL OR NOT EXISTS (SELECT 1 FROM item_terms t WHERE t.item_key = i.item_key)")));
        Assert.Equal((long)IndexedTerms.Version, await Database.ScalarAsync<long>("SELECT CAST(version AS bigint) FROM item_terms_version"));
        Assert.Equal(before, Describe(await TallyAsync(expression, TermPrefilter.Of(RuleParser.Parse(expression).Expression!))));
    }

    [StoreFact]
    public async Task Backtest_ItemNotIndexedYet_IsACandidateAllTheSame()
    {
        await StorePolls.StoreAsync(Store, new FeedId("fr-bis"), StoreTestData.Item("2024-00001", title: "Widget controls"));
        await Database.ExecuteAsync(Sql("INSERT INTO item_terms (item_terms) VALUES ('delete-all'); UPDATE items SET search_id = NULL;", "DELETE FROM item_terms"));

        Assert.Equal(["Widget controls"], await CandidatesAsync("widget"));
    }

    private async Task<List<string>> CandidatesAsync(string expression)
    {
        var titles = new List<string>();
        await foreach (var item in Store.StreamItemsSinceAsync([new FeedId("fr-bis")], Since, TermPrefilter.Of(RuleParser.Parse(expression).Expression!), Ct))
        {
            titles.Add(item.Item.Title);
        }

        return titles;
    }

    private async Task<BacktestTally> TallyAsync(string expression, TermQuery? candidates)
    {
        var tally = new BacktestTally(expression, 10);
        await foreach (var item in Store.StreamItemsSinceAsync([Feed], Since, candidates, Ct))
        {
            tally.Add(item);
        }

        return tally;
    }

    private static string Describe(BacktestTally tally) =>
        $"{tally.Matches} matches: " + string.Join("; ", tally.Newest().Select(m => $"{m.Date:yyyy-MM-dd} {m.Item.Key.Value} [{string.Join(", ", m.Terms)}]"));

    /// <summary>The SQL of the store under test, where the engines spell it differently.</summary>
    private string Sql(string sqlite, string postgres) => OnPostgres ? postgres : sqlite;

    /// <summary>What a start does: migrations, then indexing what the index lacks.</summary>
    private Task MigrateAsync() => Database.Store switch
    {
        SqliteStore sqlite => sqlite.MigrateAsync(Ct),
        PostgresStore postgres => postgres.MigrateAsync(Ct),
        _ => throw new InvalidOperationException($"no start for {Database.Store.GetType().Name}"),
    };

    private Task StoreDocumentsAsync() => StorePolls.StoreAsync(Store, Feed, [.. Documents.Value]);
}

public sealed class SqliteItemSearchTests : ItemSearchTests;

public sealed class PostgresItemSearchTests : ItemSearchTests, IPostgresStoreTest
{
    [StoreFact]
    public async Task NewItem_TermsAreFieldTokenLexemesTakenVerbatim()
    {
        await StorePolls.StoreAsync(Store, new FeedId("fr-bis"), StoreTestData.Item("2024-00001", title: "Exporting Widgets' controls"));

        var lexemes = await Database.ScalarAsync<string>("SELECT array_to_string(tsvector_to_array(terms), ' ') FROM item_terms");

        Assert.Equal(new[] { "title:controls", "title:exporting", "title:widgets" },
            lexemes.Split(' ').Where(l => l.StartsWith("title:", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Contains("agency:industry", lexemes.Split(' '));
    }
}
