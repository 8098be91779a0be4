using System.Text;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Screening.Entities;
using PolicyWatchBot.Feeds.Lists;
using PolicyWatchBot.Feeds.Parsing;
using PolicyWatchBot.Tests.Feeds.Parsing;

namespace PolicyWatchBot.Tests.Feeds.Lists;

/// <summary>The saved real lists, read as an entity-list feed would read them.</summary>
internal static class ListFixtures
{
    public const string SdnCsv = "feeds/ofac/sdn-csv-2021-07-full.csv";
    public const string ConsolidatedXml = "feeds/ofac/consolidated-non-sdn-list-2023-03-08.xml";
    public const string SdnAdvanced = "feeds/ofac/sdn-advanced-2024-02-23-sample-trimmed-by-origin.xml";
    public const string NoSuchKey = "feeds/ofac/error-s3-nosuchkey-2025-11-19.xml";
    public const string CslCurrent = "feeds/csl/consolidated-csv-2025-13-records.csv";
    public const string CslOlder = "feeds/csl/consolidated-csv-2019-115-records.csv";
    public const string DeniedPersons = "feeds/bis/denied-persons-list-dpl-2022-09.txt";
    public const string EntityListRule = "feeds/bis/fr-full-text-xml-2023-03929-entity-list-additions.xml";

    // No capture of these was found: they are written by hand from the documented formats (see Fixtures/feeds/SOURCES.md).
    public const string OfsiCsv = "feeds/ofsi/conlist-csv-2022-format-hand-written.csv";
    public const string OfsiXml = "feeds/ofsi/conlist-xml-2022-format-hand-written.xml";
    public const string EuXml = "feeds/eu/fsf-xml-full-sanctions-list-1-1-hand-written.xml";
    public const string EcfrEntityList = "feeds/ecfr/versioner-full-title-15-part-744-supplement-4-hand-written.xml";
    public const string UkSanctionsList = "feeds/fcdo/uk-sanctions-list-csv-hand-written.csv";

    public static readonly FeedId Feed = new("test-list");

    public static byte[] Bytes(string fixture) => File.ReadAllBytes(ParsingFixtures.PathOf(fixture));

    public static string Text(string fixture) => File.ReadAllText(ParsingFixtures.PathOf(fixture));

    public static IReadOnlyList<ListedEntity> Parse(EntityListFormat format, byte[] content, IReadOnlyList<ListedEntity>? previous = null, string list = "test") =>
        EntityListParser.Parse(Feed, new EntityListSource(list, format), new FeedBody(content, null, new Uri("https://lists.example.gov/list")), previous ?? []);

    public static IReadOnlyList<ListedEntity> Parse(EntityListFormat format, string text, IReadOnlyList<ListedEntity>? previous = null) =>
        Parse(format, Encoding.UTF8.GetBytes(text), previous);
}
