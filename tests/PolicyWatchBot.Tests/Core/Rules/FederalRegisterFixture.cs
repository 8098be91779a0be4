using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Feeds.Parsing;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Core.Rules;

/// <summary>The 1,000 real documents of the Federal Register fixture page, read by the bot's own parser.</summary>
internal static class FederalRegisterFixture
{
    private static readonly Lazy<IReadOnlyList<FeedItem>> s_items = new(Load);

    public static IReadOnlyList<FeedItem> Items => s_items.Value;

    private static IReadOnlyList<FeedItem> Load()
    {
        var feed = new FeedDefinition
        {
            Id = new FeedId("fr-all"),
            Title = "Federal Register, all documents",
            Kind = FeedKind.FederalRegister,
            Url = new Uri("https://www.federalregister.gov/api/v1/documents.json"),
            Schedule = new FeedSchedule { Interval = TimeSpan.FromHours(1) },
            Jurisdiction = "us",
        };
        var body = new FeedBody(File.ReadAllBytes(Fixtures.FederalRegisterDocuments), "application/json", feed.Url);
        return new FeedParser().Parse(feed, body).Items;
    }
}
