namespace PolicyWatchBot.Core.Items;

/// <summary>
/// A detail page is read once, when its item is new; every later listing of the item lacks what it
/// gave (its text, and the date when the listing has none), so the stored revision's are kept.
/// </summary>
public static class DetailInheritance
{
    public static FeedItem Inherit(FeedItem? stored, FeedItem parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        return stored?.Detail is { } detail && parsed.Detail is null
            ? parsed with { Detail = detail, PublishedOn = parsed.PublishedOn ?? stored.PublishedOn }
            : parsed;
    }
}
