using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Screening.Matching;
using PolicyWatchBot.Core.Watchlists;

namespace PolicyWatchBot.Core.Alerting;

/// <summary>
/// Whether an item concerns a channel's watched names: a screening-list change is screened as the party
/// it lists (its names and aliases, its countries), any other item by the names its title, summary and
/// full text mention. Each match explained, best first.
/// </summary>
public static class WatchlistScreen
{
    public const string UrgencyReason = "watchlist match";

    /// <summary>The channel's watchlist ready to match, or null when it watches no names.</summary>
    public static Watchlist? Compile(ChannelWatchlist watchlist)
    {
        ArgumentNullException.ThrowIfNull(watchlist);
        return watchlist.IsEmpty ? null : new Watchlist(watchlist.Entries.Select(e => new WatchedName(e.Name, e.Aliases, e.Country)));
    }

    public static IReadOnlyList<string> Matches(FeedItem item, Watchlist watchlist, double threshold)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(watchlist);
        if (item.Listing is { Names.Count: > 0 } listing)
        {
            var party = new ScreenedParty(item.Key.Value, listing.Names[0], [.. listing.Names.Skip(1)], listing.Countries);
            return [.. watchlist.Screen(party, threshold).Select(hit => hit.Explain())];
        }

        // Each entry once, where the item names it best.
        var best = new Dictionary<WatchedName, TextMention>(ReferenceEqualityComparer.Instance);
        foreach (var text in new[] { item.Title, item.Summary, item.Body })
        {
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            foreach (var mention in watchlist.FindMentions(text, threshold))
            {
                if (!best.TryGetValue(mention.Entry, out var kept) || mention.Score > kept.Score)
                {
                    best[mention.Entry] = mention;
                }
            }
        }

        return [.. best.Values.OrderByDescending(m => m.Score).ThenBy(m => m.Entry.Name, StringComparer.Ordinal).Select(m => m.Explain())];
    }
}
