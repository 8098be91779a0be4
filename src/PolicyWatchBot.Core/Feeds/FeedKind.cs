namespace PolicyWatchBot.Core.Feeds;

/// <summary>How a feed's body is read.</summary>
public enum FeedKind
{
    FederalRegister,
    FederalRegisterPublicInspection,
    Syndication,
    HtmlList,
    HtmlPage,
    JsonList,
}
