using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Feeds.Parsing;

namespace PolicyWatchBot.Tests.Feeds.Parsing;

/// <summary>Fixture files and feed definitions for the parser tests.</summary>
internal static class ParsingFixtures
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string PathOf(string relative) => Path.Combine(Directory, relative.Replace('/', Path.DirectorySeparatorChar));

    public static FeedBody Body(string relative, string? contentType, string url) =>
        new(File.ReadAllBytes(PathOf(relative)), contentType, new Uri(url));

    public static FeedBody Text(string text, string? contentType = "application/xml", string url = "https://example.gov/feed.xml") =>
        new(System.Text.Encoding.UTF8.GetBytes(text), contentType, new Uri(url));

    public static FeedDefinition Feed(FeedKind kind, string id = "test-feed", HtmlSelectors? html = null, string jurisdiction = "us",
        string? defaultAgency = null, string? defaultType = null, string url = "https://example.gov/feed") => new()
    {
        Id = new FeedId(id),
        Title = "Test feed " + id,
        Kind = kind,
        Url = new Uri(url),
        Schedule = new FeedSchedule { Interval = TimeSpan.FromHours(1) },
        Jurisdiction = jurisdiction,
        DefaultAgency = defaultAgency,
        DefaultType = defaultType,
        Html = html,
    };
}
