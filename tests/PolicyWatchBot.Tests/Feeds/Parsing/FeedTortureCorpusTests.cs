using System.Text;
using System.Text.RegularExpressions;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Feeds.Parsing;

namespace PolicyWatchBot.Tests.Feeds.Parsing;

/// <summary>
/// Every file of the feed-parser torture corpus (feedparser and node-feedparser test feeds) must
/// either parse or fail with a one-line <see cref="FeedParseException"/> naming the feed, quickly.
/// The <c>Header:</c> lines of a file's leading comment stand in for the HTTP response headers.
/// </summary>
public sealed partial class FeedTortureCorpusTests
{
    private const string TortureDirectory = "feed-torture";
    private static readonly TimeSpan PerFileDeadline = TimeSpan.FromSeconds(5);
    private static readonly FeedDefinition Feed = ParsingFixtures.Feed(FeedKind.Syndication, "torture");

    public static TheoryData<string> CorpusFiles() => new(CorpusPaths());

    /// <summary>Every corpus file but SOURCES.md, relative to the fixtures directory, with '/' separators.</summary>
    private static IEnumerable<string> CorpusPaths() =>
        Directory.EnumerateFiles(ParsingFixtures.PathOf(TortureDirectory), "*", SearchOption.AllDirectories)
            .Where(path => Path.GetFileName(path) != "SOURCES.md")
            .Select(path => Path.GetRelativePath(ParsingFixtures.Directory, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public async Task Parse_TortureFile_YieldsItemsOrFailsCleanly(string relativePath)
    {
        FeedBody body = CorpusBody(relativePath);

        Task<FeedPage> parse = Task.Run(() => new FeedParser().Parse(Feed, body));
        Exception? failure = await Record.ExceptionAsync(() => parse.WaitAsync(PerFileDeadline));

        if (failure is not null)
        {
            Assert.True(failure is FeedParseException, $"{relativePath}: {failure}");
            var parseError = (FeedParseException)failure;
            Assert.StartsWith("feed torture: ", parseError.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', parseError.Message);
            Assert.DoesNotContain('\r', parseError.Message);
        }
        else
        {
            FeedPage page = await parse;
            Assert.All(page.Items, item =>
            {
                Assert.False(string.IsNullOrWhiteSpace(item.Key.Value));
                Assert.NotNull(item.Title);
                Assert.DoesNotContain('\n', item.Title);
                Assert.True(item.UpdatedAt is null || item.UpdatedAt.Value.Offset == TimeSpan.Zero);
            });
        }
    }

    [Fact]
    public void Parse_WholeCorpus_MostFilesYieldItemsAndNoneCrash()
    {
        int withItems = 0, empty = 0, errors = 0;
        foreach (string file in CorpusPaths())
        {
            try
            {
                if (new FeedParser().Parse(Feed, CorpusBody(file)).Items.Count > 0)
                {
                    withItems++;
                }
                else
                {
                    empty++;
                }
            }
            catch (FeedParseException)
            {
                errors++;
            }
        }

        Assert.Equal(547, withItems + empty + errors);
        // Most "empty" files test channel-level elements and hold no item at all (see TempDiag history in the report).
        string summary = $"{withItems} files yielded items, {empty} parsed empty, {errors} failed cleanly";
        Assert.True(withItems >= 275, summary);
        Assert.True(errors <= 6, summary);
    }

    /// <summary>
    /// The file's bytes, with <c>Content-type</c> from its <c>Header:</c> comment lines, fetched
    /// from where the feedparser harness serves it (or its <c>Content-Location</c>).
    /// </summary>
    internal static FeedBody CorpusBody(string relativePath)
    {
        byte[] bytes = File.ReadAllBytes(ParsingFixtures.PathOf(relativePath));
        var url = new Uri("http://127.0.0.1:8097/tests/" + relativePath[(TortureDirectory.Length + 1)..]);
        string? contentType = null;
        foreach (Match header in HeaderLine().Matches(CommentText(bytes)))
        {
            string name = header.Groups["name"].Value;
            string value = header.Groups["value"].Value.Trim();
            if (name.Equals("Content-type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = value;
            }
            else if (name.Equals("Content-Location", StringComparison.OrdinalIgnoreCase)
                && Uri.TryCreate(url, value, out Uri? location) && location.Scheme is "http" or "https")
            {
                url = location;
            }
        }

        return new FeedBody(bytes, contentType, url);
    }

    private static string CommentText(byte[] bytes)
    {
        ReadOnlySpan<byte> head = bytes.AsSpan(0, Math.Min(bytes.Length, 4096));
        Encoding[] candidates =
        [
            Encoding.Latin1, Encoding.Unicode, Encoding.BigEndianUnicode, new UTF32Encoding(false, false), new UTF32Encoding(true, false),
        ];
        foreach (Encoding encoding in candidates)
        {
            string text = encoding.GetString(head);
            if (text.Contains("Header:", StringComparison.Ordinal))
            {
                return text;
            }
        }

        return "";
    }

    [GeneratedRegex(@"^\s*Header:\s*(?<name>[A-Za-z-]+):(?<value>[^\r\n]*)$", RegexOptions.Multiline)]
    private static partial Regex HeaderLine();
}
