using PolicyWatchBot.Core.Feeds;

namespace PolicyWatchBot.Feeds;

/// <summary>The validated feed definitions, and the files that were refused (with why).</summary>
public sealed class FeedCatalog(IReadOnlyList<FeedDefinition> feeds, IReadOnlyList<string> errors)
{
    public IReadOnlyList<FeedDefinition> Feeds { get; } = feeds;

    /// <summary>One line per refused file: its path, the field and what is wrong.</summary>
    public IReadOnlyList<string> Errors { get; } = errors;

    public FeedDefinition? Find(string id) =>
        Feeds.FirstOrDefault(f => string.Equals(f.Id.Value, id, StringComparison.OrdinalIgnoreCase));
}
