using System.Text;
using CsCheck;
using PolicyWatchBot.Core;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Feeds.Parsing;
using PolicyWatchBot.Tests.Feeds.Parsing;
using PolicyWatchBot.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PolicyWatchBot.Tests.Fuzz;

/// <summary>
/// Saved real bodies, mutated (bytes flipped, cut, spliced with the constructs that broke the parsers):
/// a parser only ever throws a FeedParseException naming the feed, and every item it reads has
/// well-formed text, each body within the allocation bound.
/// </summary>
public sealed class FeedBodyFuzzTests(ITestOutputHelper output)
{
    private static readonly string[] Splices =
    [
        "&#xD800;", "&#xFFFE;", "\\ud800", "\\udc00\\ud800", "\uFFFE", "<!---->", "<!--", "-->", "<!DOCTYPE", "<!DOCTYPE html>", "<![CDATA[", "]]>",
        "<?xml version=\"1.0\"?>", "<b>", "</b>", "<li>", "<div>", "&lt;b&gt;", "&amp;", "&", "<", ">", "\"", "{", "}", "[", "]", ",", ":", "null", "0",
        "<entry>", "<item>", "<title>", "</title>", "<link href=\"/x\"/>", "\"results\":", "\"document_number\":", "\"title\":", "\u0000", "\xFF",
    ];

    private static readonly (FeedKind Kind, string Fixture, HtmlSelectors? Html)[] Sources =
    [
        (FeedKind.FederalRegister, "feeds/federal-register/documents-search-2024-01-all-fields-page1.json", null),
        (FeedKind.FederalRegisterPublicInspection, "feeds/federal-register/public-inspection-document-2017-00854.json", null),
        (FeedKind.Syndication, "feeds/arxiv/api-query-cs-ai-lg-cl-2017-08.atom.xml", null),
        (FeedKind.HtmlList, "html/bis-news-updates.html", new HtmlSelectors { Item = "//article", Title = ".//h2/a", Summary = ".//div" }),
        (FeedKind.HtmlPage, "html/bis-news-updates.html", new HtmlSelectors { Item = "//main" }),
    ];

    private static readonly byte[][] Bodies = [.. Sources.Select(s => File.ReadAllBytes(ParsingFixtures.PathOf(s.Fixture)))];

    private static readonly Gen<(int Source, byte[] Body)> Mutated =
        Gen.Select(Gen.Int[0, Sources.Length - 1], Gen.Select(Gen.Int[0, 3], Gen.Double[0, 1], Gen.Int[1, 3000], Gen.OneOf(Splices)).Array[1, 6])
            .Select(t => (t.Item1, Mutate(Bodies[t.Item1], t.Item2)));

    [Fact]
    public void Parse_MutatedRealBodies_OnlyFeedParseExceptionsAndWellFormedItems()
    {
        var run = new FuzzRun("feed bodies", output);
        var parser = new FeedParser();

        Mutated.Sample(input => run.Measure($"{Sources[input.Source].Kind} body of {input.Body.Length:N0} bytes", () =>
        {
            var (kind, _, html) = Sources[input.Source];
            var feed = ParsingFixtures.Feed(kind, "fuzzed", html);
            try
            {
                var page = parser.Parse(feed, new FeedBody(input.Body, null, new Uri("https://example.gov/feed")));
                Assert.All(page.Items, item => Assert.True(WellFormedText.IsWellFormed(item.Title) && WellFormedText.IsWellFormed(item.Summary ?? ""), item.Key.Value));
            }
            catch (FeedParseException error)
            {
                Assert.Equal(feed.Id, error.Feed);
            }
        }), iter: FuzzRun.Iterations(400), threads: 1);

        run.Report();
    }

    /// <summary>
    /// The input that seed 6_H6xa0Nygu2 drew (the FR body behind a '&lt;' and NULs, so it is sniffed as UTF-32):
    /// refusing it allocated 67,226,032 bytes while .NET's UTF-32 decoder read all 4 MB.
    /// </summary>
    [Fact]
    public void Parse_Seed6H6xa0Nygu2FederalRegisterBodySniffedAsUtf32_StaysUnderTheBound()
    {
        (int Source, byte[] Body) input = (-1, []);
        Mutated.Sample(generated => { input = generated; }, seed: "6_H6xa0Nygu2", iter: 1, threads: 1);
        Assert.True(input is (0, { Length: 4_066_332 }), "the generator no longer draws that input for this seed; rebuild the body here");
        var feed = ParsingFixtures.Feed(FeedKind.FederalRegister, "fuzzed");
        var run = new FuzzRun("seed 6_H6xa0Nygu2", output);

        run.Measure("FederalRegister body of 4,066,332 bytes", () =>
        {
            var error = Assert.Throws<FeedParseException>(() => new FeedParser().Parse(feed, new FeedBody(input.Body, null, new Uri("https://example.gov/feed"))));
            Assert.Equal(feed.Id, error.Feed);
        });

        run.Report();
    }

    /// <summary>Each step flips a byte, cuts the body, splices a construct in, or repeats one many times.</summary>
    private static byte[] Mutate(byte[] body, (int Kind, double Where, int Count, string Splice)[] steps)
    {
        var bytes = new List<byte>(body);
        foreach (var (kind, where, count, splice) in steps)
        {
            var at = (int)(where * bytes.Count);
            var piece = Encoding.UTF8.GetBytes(splice);
            switch (kind)
            {
                case 0 when bytes.Count > 0:
                    bytes[Math.Min(at, bytes.Count - 1)] ^= (byte)(count | 1);
                    break;
                case 1:
                    bytes.RemoveRange(at, Math.Min(count, bytes.Count - at));
                    break;
                case 2:
                    bytes.InsertRange(at, piece);
                    break;
                default:
                    // An array, not a lazy sequence: List.InsertRange moves the tail once for a collection, once per byte otherwise.
                    bytes.InsertRange(at, Enumerable.Repeat(piece, count).SelectMany(p => p).ToArray());
                    break;
            }
        }

        return [.. bytes];
    }
}
