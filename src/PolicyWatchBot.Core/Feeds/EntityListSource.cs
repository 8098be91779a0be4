namespace PolicyWatchBot.Core.Feeds;

/// <summary>
/// What an <c>entity-list</c> feed downloads: the list's id in this bot (<c>sdn</c>, <c>entity-list</c>,
/// <c>dpl</c>; the <c>list:</c> of its items' keys) and the format of its file.
/// </summary>
public sealed record EntityListSource(string List, EntityListFormat Format)
{
    /// <summary>The list's name as alerts write it: "Added to the <em>SDN List</em>: ...".</summary>
    public string Title { get; init; } = List;
}
