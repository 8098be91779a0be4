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

    /// <summary>A screening list (<see cref="FeedDefinition.EntityList"/>): each download is a version, diffed entity by entity.</summary>
    EntityList,
}
