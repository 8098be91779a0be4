using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Tests.Core.Rules;

/// <summary>Hand-built feed items for rule tests.</summary>
internal static class TestItem
{
    public static FeedItem Create(
        string title,
        string? summary = null,
        string? action = null,
        string? type = null,
        string[]? agencies = null,
        string[]? cfr = null,
        string[]? dockets = null,
        string feed = "fr-test",
        string jurisdiction = "us") => new()
        {
            Key = new ItemKey("test:" + title),
            NativeId = title,
            Feed = new FeedId(feed),
            Title = title,
            Summary = summary,
            Action = action,
            DocumentType = type,
            Agencies = agencies ?? [],
            CfrReferences = cfr ?? [],
            Dockets = dockets ?? [],
            Jurisdiction = jurisdiction,
        };
}
