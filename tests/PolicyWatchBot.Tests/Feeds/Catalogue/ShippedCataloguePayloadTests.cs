using System.Text;
using System.Text.Json;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Feeds;
using PolicyWatchBot.Feeds.Detail;
using PolicyWatchBot.Feeds.Parsing;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Feeds.Catalogue;

/// <summary>
/// Every feed shipped in feeds/ read by its own definition from a payload: a real capture where one
/// exists (Fixtures/feeds/), else one written from the source's documentation (Fixtures/catalogue/,
/// which says so at its top, and the feed is marked "verified": false).
/// </summary>
public sealed class ShippedCataloguePayloadTests
{
    private static readonly Lazy<FeedCatalog> Shipped = new(() => FeedCatalogLoader.Load(Path.Combine(Fixtures.RepoRoot, "feeds")));

    /// <summary>Feed id → (payload, content type, items expected, first title expected).</summary>
    private static readonly Dictionary<string, (string Payload, string ContentType, int Items, string FirstTitle)> Payloads = new()
    {
        ["fr-bis"] = (FrAgency, Json, 4, "Notice of Reestablishment of the President's Export Council Subcommittee on Export Administration and Solicitation of Nominations for Membership"),
        ["fr-ofac"] = (FrAgency, Json, 4, "Notice of OFAC Sanctions Actions"),
        ["fr-state"] = (FrAgency, Json, 9, "Determination and Certification With Respect to the Child Soldiers Prevention Act of 2008"),
        ["fr-ustr"] = (FrAgency, Json, 1, "Publication of 2024 Tariff Rate Quota Quantity Limitations Under the U.S.-Australia Free Trade Agreement"),
        ["fr-ita"] = (FrAgency, Json, 49, "Antidumping or Countervailing Duty Order, Finding, or Suspended Investigation; Opportunity To Request Administrative Review and Join Annual Inquiry Service List"),
        ["fr-presidential"] = (FrPresidential, Json, 8, "50th Anniversary of the Endangered Species Act, 2023"),
        ["fr-public-inspection"] = ("feeds/federal-register/public-inspection-document-2017-00854.json", Json, 1, "Horse Protection: Licensing of Designated Qualified Persons and Other Amendments"),
        ["ofac-recent-actions"] = ("catalogue/ofac-recent-actions.html", Html, 3, "Russia-related Designations; Cyber-related Designations"),
        ["bis-press"] = ("catalogue/bis-press.html", Html, 2, "Commerce Adds 12 Entities to the Entity List"),
        ["ecfr-ear"] = ("feeds/ecfr/versioner-versions-title-15-chapter-XX-2025-08-05.json", Json, 398, "15 CFR part 734 amended, in effect 2017-01-03"),
        ["congress-bills"] = ("feeds/congress/api-v3-bill-list-2022-04-03.json", Json, 20, "MORE Act"),
        ["govinfo-plaw"] = ("catalogue/govinfo-plaw.xml", Rss, 2, "Public Law 118-159 - Servicemember Quality of Life Improvement and National Defense Authorization Act for Fiscal Year 2025"),
        ["govinfo-bills"] = ("catalogue/govinfo-bills.xml", Rss, 2, "H.R. 8333 (RFS) - BIOSECURE Act"),
        ["edgar-nvidia"] = ("catalogue/edgar-submissions.json", Json, 2, "NVIDIA 10-K filed 2025-02-26"),
        ["edgar-amd"] = ("catalogue/edgar-submissions.json", Json, 2, "AMD 10-K filed 2025-02-26"),
        ["edgar-intel"] = ("catalogue/edgar-submissions.json", Json, 2, "Intel 10-K filed 2025-02-26"),
        ["edgar-micron"] = ("catalogue/edgar-submissions.json", Json, 2, "Micron Technology 10-K filed 2025-02-26"),
        ["edgar-applied-materials"] = ("catalogue/edgar-submissions.json", Json, 2, "Applied Materials 10-K filed 2025-02-26"),
        ["edgar-lam-research"] = ("catalogue/edgar-submissions.json", Json, 2, "Lam Research 10-K filed 2025-02-26"),
        ["edgar-kla"] = ("catalogue/edgar-submissions.json", Json, 2, "KLA 10-K filed 2025-02-26"),
        ["uk-ecju"] = ("catalogue/uk-ecju.atom", Atom, 2, "Notice to exporters 2025/07: changes to the UK Strategic Export Control Lists"),
        ["uk-ofsi"] = ("catalogue/uk-ofsi.atom", Atom, 2, "OFSI: Financial sanctions notice: Russia"),
        ["uk-dbt"] = ("catalogue/uk-dbt.atom", Atom, 2, "New export controls on advanced semiconductor items"),
        ["eu-oj-l"] = ("catalogue/eu-oj-l.rss", Rss, 2, "Commission Delegated Regulation (EU) 2025/123 amending Regulation (EU) 2021/821 as regards the list of dual-use items"),
        ["eu-dg-trade"] = ("catalogue/eu-dg-trade.rss", Rss, 2, "Commission publishes report on dual-use export controls"),
        ["nl-export-controls"] = ("catalogue/nl-export-controls.html", Html, 2, "Government expands export controls on advanced semiconductor manufacturing equipment"),
        ["jp-meti-anpo"] = ("catalogue/jp-meti-anpo.html", Html, 3, "外国ユーザーリストを改正しました"),
        ["ca-gazette-p1"] = ("catalogue/ca-gazette-p1.xml", Rss, 2, "Canada Gazette, Part I, Volume 159, Number 25, June 21, 2025"),
        ["ca-gazette-p2"] = ("catalogue/ca-gazette-p2.xml", Rss, 2, "Canada Gazette, Part II, Volume 159, Number 13, June 18, 2025"),
        ["tw-moea"] = ("catalogue/tw-moea.xml", Rss, 2, "MOEA adds Huawei and SMIC to the Strategic High-Tech Commodities entity list"),
        ["kr-motie"] = ("catalogue/kr-motie.html", Html, 2, "Korea revises strategic items list to follow Wassenaar changes"),
        ["au-legislation"] = ("catalogue/au-legislation.json", Json, 2, "Defence Trade Controls Amendment (2025 Measures No. 1) Regulations 2025"),
        ["cn-mofcom"] = ("catalogue/cn-mofcom.html", Html, 2, "MOFCOM Announcement No. 46 of 2024 on Strengthening Export Control of Relevant Dual-use Items to the United States"),
        ["arxiv-distillation"] = ("feeds/arxiv/api-query-cs-ai-lg-cl-2017-08.atom.xml", Atom, 10, "Radical-level Ideograph Encoder for RNN-based Sentiment Analysis of Chinese and Japanese"),
        ["gh-llama-cpp"] = ("catalogue/gh-releases.atom", Atom, 2, "v2.1.0"),
        ["gh-vllm"] = ("catalogue/gh-releases.atom", Atom, 2, "v2.1.0"),
        ["gh-llama-models"] = ("catalogue/gh-releases.atom", Atom, 2, "v2.1.0"),
        ["gh-qwen"] = ("catalogue/gh-releases.atom", Atom, 2, "v2.1.0"),
        ["gh-deepseek"] = ("catalogue/gh-releases.atom", Atom, 2, "v2.1.0"),
    };

    /// <summary>Screening-list feed id → (payload, content type, entities expected, how the first name starts): read as a list version, not a page.</summary>
    private static readonly Dictionary<string, (string Payload, string ContentType, int Entities, string FirstName)> ListPayloads = new()
    {
        ["ofac-sdn"] = ("feeds/ofac/sdn-csv-2021-07-full.csv", "text/csv", 8976, "AEROCARIBBEAN AIRLINES"),
        ["ofac-consolidated"] = ("feeds/ofac/consolidated-non-sdn-list-2023-03-08.xml", "application/xml", 445, "Ismail Abdul Salah HANIYA"),
        ["trade-csl"] = ("feeds/csl/consolidated-csv-2025-13-records.csv", "text/csv", 13, "Sinobright Import and Export Company; and any successor"),
        ["bis-dpl"] = ("feeds/bis/denied-persons-list-dpl-2022-09.txt", "text/plain", 459, "I. ASH"),
        ["bis-entity-list"] = ("feeds/ecfr/versioner-full-title-15-part-744-supplement-4-hand-written.xml", "application/xml", 10, "CPUNTO Inc."),
        ["uk-sanctions-list"] = ("feeds/fcdo/uk-sanctions-list-csv-hand-written.csv", "application/octet-stream", 7, "Dmitri Arkadyevich KORVALEV"),
        ["eu-fsf"] = ("feeds/eu/fsf-xml-full-sanctions-list-1-1-hand-written.xml", "application/xml", 6, "Oleg Viktorovich SAMARSKY"),
    };

    private const string FrAgency = "(real Federal Register page, the feed's agency)";
    private const string FrPresidential = "(real Federal Register page, presidential documents)";
    private const string Json = "application/json";
    private const string Html = "text/html; charset=utf-8";
    private const string Rss = "application/rss+xml";
    private const string Atom = "application/atom+xml";

    public static TheoryData<string> FeedIds => new(Payloads.Keys);

    public static TheoryData<string> AllFeedIds => new(Payloads.Keys.Concat(ListPayloads.Keys));

    private static FeedDefinition Feed(string id) => Shipped.Value.Find(id) ?? throw new InvalidOperationException($"feeds/{id}.json is not in the shipped catalogue");

    private static FeedPage Read(string id)
    {
        var feed = Feed(id);
        var (payload, contentType, _, _) = Payloads[id];
        var content = payload switch
        {
            FrAgency => Encoding.UTF8.GetBytes(FederalRegisterBodies.OfAgency(AgencySlug(feed))),
            FrPresidential => Encoding.UTF8.GetBytes(FederalRegisterBodies.Documents(d => (string?)d["type"] == "Presidential Document")),
            _ => File.ReadAllBytes(Path.Combine(Fixtures.Root, payload)),
        };
        return new FeedParser().Parse(feed, new FeedBody(content, contentType, feed.Url));
    }

    private static string AgencySlug(FeedDefinition feed) =>
        Uri.UnescapeDataString(feed.Url.Query).TrimStart('?').Split('&').Single(p => p.StartsWith("conditions[agencies]", StringComparison.Ordinal)).Split('=')[1];

    [Fact]
    public void Catalogue_EveryShippedFeed_HasAPayloadTest()
    {
        Assert.Empty(Shipped.Value.Errors);
        Assert.Equal(Shipped.Value.Feeds.Select(f => f.Id.Value).Order(StringComparer.Ordinal), Payloads.Keys.Concat(ListPayloads.Keys).Order(StringComparer.Ordinal));
        Assert.All(ListPayloads.Keys, id => Assert.Equal(FeedKind.EntityList, Feed(id).Kind));
    }

    public static TheoryData<string> ListFeedIds => new(ListPayloads.Keys);

    [Theory]
    [MemberData(nameof(ListFeedIds))]
    public void Parse_ShippedListFeedOnItsPayload_ReadsItsEntities(string id)
    {
        var feed = Feed(id);
        var (payload, contentType, count, firstName) = ListPayloads[id];

        var entities = PolicyWatchBot.Feeds.Lists.EntityListParser.Parse(
            feed.Id, feed.EntityList!, new FeedBody(File.ReadAllBytes(Path.Combine(Fixtures.Root, payload)), contentType, feed.Url), []);

        Assert.Equal(count, entities.Count);
        Assert.StartsWith(firstName, entities[0].Name, StringComparison.Ordinal);
        Assert.All(entities, e => Assert.Equal(feed.EntityList!.List, e.List));
        Assert.Equal(entities.Count, entities.Select(e => e.Id).Distinct().Count());
        // A list feed is verified when its payload is a real capture; a payload written by hand says so in its name (and its header or README).
        Assert.Equal(!payload.Contains("hand-written", StringComparison.Ordinal), feed.Verified);
    }

    [Theory]
    [MemberData(nameof(FeedIds))]
    public void Parse_ShippedFeedOnItsPayload_ReadsItsItems(string id)
    {
        var page = Read(id);

        var (_, _, count, firstTitle) = Payloads[id];
        Assert.Equal(count, page.Items.Count);
        Assert.Equal(firstTitle, page.Items[0].Title);
        Assert.All(page.Items, item => Assert.Equal(Feed(id).Jurisdiction, item.Jurisdiction));
        Assert.Equal(page.Items.Count, page.Items.Select(i => i.Key).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(FeedIds))]
    public void Payload_VerifiedFeedsUseARealCapture_OthersSayTheyWereWrittenByHand(string id)
    {
        var payload = Payloads[id].Payload;
        if (Feed(id).Verified)
        {
            Assert.True(payload is FrAgency or FrPresidential || payload.StartsWith("feeds/", StringComparison.Ordinal), $"{id} is verified but its payload {payload} is not a capture");
            return;
        }

        Assert.StartsWith("catalogue/", payload, StringComparison.Ordinal);
        var head = string.Join(' ', File.ReadAllText(Path.Combine(Fixtures.Root, payload))[..600].Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Written by hand from the documented", head, StringComparison.Ordinal);
        Assert.Contains("not a capture", head, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllFeedIds))]
    public void Definition_ShippedFeed_HasTagsFromTheVocabularyAndARespectfulSchedule(string id)
    {
        string[] vocabulary = ["export-controls", "sanctions", "entity-list", "legislation", "allies", "research", "supply-chain"];
        var feed = Feed(id);
        Assert.Contains(feed.Tags, vocabulary.Contains);

        // A week of the feed's real trigger, from a Monday.
        var fires = WeekOfFires(feed);
        var gaps = fires.Zip(fires.Skip(1), (a, b) => b - a).ToList();
        if (feed.Kind == FeedKind.FederalRegisterPublicInspection)
        {
            // Every few minutes, and only in the filing hours (regular filings 08:45 ET, special ones through the afternoon).
            Assert.InRange(gaps.Min(), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10));
            var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
            Assert.All(fires, f =>
            {
                var local = TimeZoneInfo.ConvertTime(f, newYork);
                Assert.True(local.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && local.Hour is >= 8 and < 18, $"{id} fires at {local:ddd HH:mm} ET");
            });
        }
        else if (feed.Url.Host.EndsWith("arxiv.org", StringComparison.Ordinal))
        {
            Assert.Equal(7, fires.Count);
        }
        else
        {
            Assert.True(gaps.Min() >= TimeSpan.FromHours(1), $"{id} fires {gaps.Min()} apart");
            Assert.True(gaps.Max() <= TimeSpan.FromDays(3), $"{id} goes {gaps.Max()} without a poll");
        }
    }

    [Fact]
    public void Definition_ArxivFeeds_NeverFireWithin3SecondsOfEachOther()
    {
        var fires = Shipped.Value.Feeds.Where(f => f.Url.Host.EndsWith("arxiv.org", StringComparison.Ordinal)).SelectMany(WeekOfFires).Order().ToList();

        Assert.NotEmpty(fires);
        Assert.All(fires.Zip(fires.Skip(1), (a, b) => b - a), gap => Assert.True(gap >= TimeSpan.FromSeconds(3), $"two arXiv requests {gap} apart"));
    }

    private static List<DateTimeOffset> WeekOfFires(FeedDefinition feed)
    {
        var monday = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
        var trigger = PolicyWatchBot.Jobs.FeedTriggers.Schedule(feed, monday, TimeProvider.System);
        var fires = new List<DateTimeOffset>();
        for (var next = trigger.GetFireTimeAfter(monday); next is { } at && at < monday.AddDays(7); next = trigger.GetFireTimeAfter(at))
        {
            fires.Add(at);
        }

        return fires;
    }

    [Fact]
    public void Definition_FederalRegisterAgencies_AreRealSlugs()
    {
        using var agencies = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Fixtures.Root, "feeds", "federal-register", "agencies-2022.json")));
        var slugs = agencies.RootElement.EnumerateArray().Select(a => a.GetProperty("slug").GetString()).ToHashSet();

        foreach (var feed in Shipped.Value.Feeds.Where(f => f.Kind == FeedKind.FederalRegister && Uri.UnescapeDataString(f.Url.Query).Contains("conditions[agencies]", StringComparison.Ordinal)))
        {
            Assert.Contains(AgencySlug(feed), slugs);
        }
    }

    [Fact]
    public void Definition_EveryFederalRegisterFeed_ScheduledInNewYorkTime()
    {
        Assert.All(
            Shipped.Value.Feeds.Where(f => f.Kind is FeedKind.FederalRegister or FeedKind.FederalRegisterPublicInspection),
            f => Assert.Equal("America/New_York", f.Schedule.TimeZone));
    }

    [Fact]
    public void Parse_EcfrEar_OnlyTheFiveEarParts()
    {
        Assert.All(Read("ecfr-ear").Items, i => Assert.Matches(@"^15 CFR part 7(34|40|42|44|46) amended", i.Title));
    }

    [Fact]
    public void Parse_EdgarFeeds_KeepOnly8K10Q10KAndLinkTheirOwnCompanysFiling()
    {
        foreach (var feed in Shipped.Value.Feeds.Where(f => f.Id.Value.StartsWith("edgar-", StringComparison.Ordinal)))
        {
            var cik = int.Parse(feed.Url.AbsolutePath.Split("CIK")[1].Split('.')[0], System.Globalization.CultureInfo.InvariantCulture);
            var items = Read(feed.Id.Value).Items;

            Assert.Equal(["10-K", "8-K"], items.Select(i => i.DocumentType));
            Assert.Equal($"https://www.sec.gov/Archives/edgar/data/{cik}/000104581025000023/nvda-20250126.htm", items[0].Link!.AbsoluteUri);
            Assert.Equal(["User-Agent"], feed.Headers.Select(h => h.Key));
            Assert.Equal(["SEC_USER_AGENT"], feed.Secrets);
        }
    }

    [Fact]
    public void Detail_EdgarFiling_ReadsTheRiskFactors()
    {
        var feed = Feed("edgar-nvidia");
        var body = new FeedBody(File.ReadAllBytes(Path.Combine(Fixtures.Root, "catalogue", "edgar-10k.htm")), "text/html", new Uri("https://www.sec.gov/Archives/edgar/data/1045810/000104581025000023/nvda-20250126.htm"));

        var (text, _) = ItemDetailReader.ReadPage(feed, feed.Detail!, body);

        Assert.Contains("Export controls imposed by the U.S. government", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Detail_BisPressRelease_ReadsTheReleaseNotTheMenu()
    {
        var feed = Feed("bis-press");
        var body = new FeedBody(File.ReadAllBytes(Path.Combine(Fixtures.Root, "catalogue", "bis-press-release.html")), "text/html", new Uri("https://www.bis.gov/press-release/commerce-adds-entities-entity-list"));

        var (text, date) = ItemDetailReader.ReadPage(feed, feed.Detail!, body);

        Assert.StartsWith("Commerce Adds 12 Entities to the Entity List", text, StringComparison.Ordinal);
        Assert.Contains("United Arab Emirates", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Licensing", text, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2025, 3, 25), date);
    }

    [Fact]
    public void Parse_BisPress_LinksResolveAgainstTheBase()
    {
        Assert.Equal(new Uri("https://www.bis.gov/press-release/commerce-adds-entities-entity-list"), Read("bis-press").Items[0].Link);
    }

    [Fact]
    public void Detail_CanadaGazetteIssuePage_RealCaptureReadsItsNotices()
    {
        var feed = Feed("ca-gazette-p1");
        var body = new FeedBody(
            File.ReadAllBytes(Path.Combine(Fixtures.Root, "feeds", "canada-gazette", "p1-v159-n25-2025-06-21-notice-avis-eng.html")),
            "text/html; charset=utf-8",
            new Uri("https://gazette.gc.ca/rp-pr/p1/2025/2025-06-21/html/notice-avis-eng.html"));

        var (text, _) = ItemDetailReader.ReadPage(feed, feed.Detail!, body);

        Assert.Contains("GOVERNMENT NOTICES", text, StringComparison.Ordinal);
        Assert.Contains("DEPARTMENT OF THE ENVIRONMENT", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Boîte à outils", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MetiAnpo_ReiwaDatesReadAsGregorian()
    {
        var items = Read("jp-meti-anpo").Items;

        Assert.Equal([new DateOnly(2025, 3, 25), new DateOnly(2025, 1, 10), new DateOnly(2019, 5, 1)], items.Select(i => i.PublishedOn));
        Assert.Equal(new Uri("https://www.meti.go.jp/policy/anpo/law09.html#250325"), items[0].Link);
    }

    [Fact]
    public void Parse_TaiwanMoea_KeyedByNewsId()
    {
        var items = Read("tw-moea").Items;

        Assert.Equal([new ItemKey("www.moea.gov.tw:news_id=124028"), new ItemKey("www.moea.gov.tw:news_id=123999")], items.Select(i => i.Key));
        Assert.Equal(new DateOnly(2025, 6, 16), items[0].PublishedOn);
    }

    [Fact]
    public void Parse_CongressBills_LatestActionIsSearchable()
    {
        var bill = Read("congress-bills").Items[1];

        Assert.Equal("HR 7343 (117th Congress)", bill.Title);
        Assert.Contains(bill.Extras, e => e.Name == "latest action" && e.Value.StartsWith("Referred to the Subcommittee", StringComparison.Ordinal));
    }
}
