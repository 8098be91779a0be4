namespace PolicyWatchBot.Core.Feeds;

/// <summary>The id of a feed definition in <c>feeds/*.json</c>, e.g. <c>fr-bis</c>.</summary>
public readonly record struct FeedId(string Value)
{
    public override string ToString() => Value;
}
