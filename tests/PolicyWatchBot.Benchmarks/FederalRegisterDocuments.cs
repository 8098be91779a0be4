using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Feeds.Parsing;

namespace PolicyWatchBot.Benchmarks;

/// <summary>Reads a Federal Register <c>documents.json</c> page with the bot's own parser, so the benchmark matches what production matches.</summary>
internal static class FederalRegisterDocuments
{
    /// <summary>The feed the documents are read as.</summary>
    public static FeedDefinition Feed { get; } = new()
    {
        Id = new FeedId("fr-all"),
        Title = "Federal Register, all documents",
        Kind = FeedKind.FederalRegister,
        Url = new Uri("https://www.federalregister.gov/api/v1/documents.json"),
        Schedule = new FeedSchedule { Interval = TimeSpan.FromHours(1) },
        Jurisdiction = "us",
    };

    public static List<FeedItem> Load(string path) =>
        [.. new FeedParser().Parse(Feed, new FeedBody(File.ReadAllBytes(path), "application/json", Feed.Url)).Items];
}
