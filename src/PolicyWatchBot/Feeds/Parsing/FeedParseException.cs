using PolicyWatchBot.Core.Feeds;

namespace PolicyWatchBot.Feeds.Parsing;

/// <summary>
/// A body that cannot be read as the feed it should be. The message is one line naming the feed:
/// <c>feed fr-bis: expected a JSON object with 'results', got an HTML page (title '...')</c>.
/// </summary>
#pragma warning disable CA1064 // Internal on purpose: only the host's poller and CLI catch it.
internal sealed class FeedParseException : Exception
#pragma warning restore CA1064
{
    public FeedParseException(FeedId feed, string reason)
        : base(FormatMessage(feed, reason))
    {
        Feed = feed;
        Reason = OneLine(reason);
    }

    public FeedParseException(FeedId feed, string reason, Exception innerException)
        : base(FormatMessage(feed, reason), innerException)
    {
        Feed = feed;
        Reason = OneLine(reason);
    }

    public FeedId Feed { get; }

    public string Reason { get; }

    private static string FormatMessage(FeedId feed, string reason) => $"feed {feed}: {OneLine(reason)}";

    private static string OneLine(string text) =>
        string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
