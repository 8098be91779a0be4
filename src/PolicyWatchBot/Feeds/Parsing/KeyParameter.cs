using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Feeds.Parsing;

/// <summary>
/// A feed whose items are told apart by one query parameter of their links (Taiwan MOEA's
/// <c>News.aspx?kind=6&amp;menu_id=176&amp;news_id=124028</c>: the other parameters move, the id does
/// not) keys them by it: <c>www.moea.gov.tw:news_id=124028</c>. Items whose link lacks it keep their key.
/// </summary>
internal static class KeyParameter
{
    public static FeedItem Apply(FeedDefinition feed, FeedItem item)
    {
        if (feed.KeyParameter is not { } name || item.Link is not { IsAbsoluteUri: true } link)
        {
            return item;
        }

        foreach (var pair in link.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && string.Equals(Uri.UnescapeDataString(pair[..equals]), name, StringComparison.OrdinalIgnoreCase))
            {
                var value = Uri.UnescapeDataString(pair[(equals + 1)..]).Trim();
                return value.Length == 0 ? item : item with { Key = new ItemKey($"{link.Host.ToLowerInvariant()}:{name}={value}"), NativeId = value };
            }
        }

        return item;
    }
}
