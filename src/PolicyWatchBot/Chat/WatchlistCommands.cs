using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Replies;
using PolicyWatchBot.Core.Screening.Matching;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Core.Watchlists;
using PolicyWatchBot.Feeds;

namespace PolicyWatchBot.Chat;

/// <summary><c>watch add|remove|import|threshold</c> (managers), <c>watch test</c> and <c>watchlist</c> (anyone): the names this channel screens for, and where they stand on the stored lists.</summary>
internal sealed class WatchlistCommands(IStore store, FeedCatalog catalog)
{
    private const int Listed = 50;
    private const int TestedHits = 5;

    public async Task<ChatReply> AddAsync(CommandContext context, ChatCommand.WatchAdd command, CancellationToken cancellationToken)
    {
        var entry = command.Entry;
        var current = await store.GetWatchlistAsync(context.ChannelId, cancellationToken);
        var known = current.Entries.Any(e => e.Name.Equals(entry.Name, StringComparison.OrdinalIgnoreCase));
        if (!known && current.Entries.Count >= WatchlistLimits.MaxEntries)
        {
            return ChatReply.Invalid($"This channel watches {WatchlistLimits.MaxEntries:N0} names already, the limit; remove some first.");
        }

        var before = await store.SaveWatchlistEntryAsync(context.ChannelId, entry, context.Actor, cancellationToken);
        if (before == entry)
        {
            return ChatReply.Ephemeral(ReplyLine.Of($"This channel already watches {entry}; nothing changed."));
        }

        return ChatReply.Announcement(
            before is null
                ? ReplyLine.Of(context.Who, $" now watches {entry} here: a list change or document naming it (score {WatchThreshold.Show(current.Threshold)} or more) alerts this channel, urgent.")
                : ReplyLine.Of(context.Who, $" updated the watched name {entry} (it was {before})."),
            ReplyLine.Of(new Inline.Code("watchlist"), " shows every watched name."));
    }

    public async Task<ChatReply> RemoveAsync(CommandContext context, ChatCommand.WatchRemove command, CancellationToken cancellationToken)
    {
        var removed = await store.RemoveWatchlistEntryAsync(context.ChannelId, command.Name, context.Actor, cancellationToken);
        return removed is null
            ? ChatReply.Invalid($"This channel does not watch '{command.Name}'; nothing changed.", "watchlist")
            : ChatReply.Announcement(ReplyLine.Of(context.Who, $" stopped watching {removed}."));
    }

    public async Task<ChatReply> ImportAsync(CommandContext context, ChatCommand.WatchImport command, CancellationToken cancellationToken)
    {
        var parsed = WatchlistCsv.Parse(command.Csv);
        if (!parsed.IsSuccess)
        {
            return ChatReply.Invalid($"The CSV was not imported, nothing changed: {parsed.Error}.", CommandCatalog.Find("watch import")!.Usage);
        }

        var current = await store.GetWatchlistAsync(context.ChannelId, cancellationToken);
        var names = current.Entries.Select(e => e.Name).Concat(parsed.Entries.Select(e => e.Name)).Distinct(StringComparer.OrdinalIgnoreCase).Count();
        if (names > WatchlistLimits.MaxEntries)
        {
            return ChatReply.Invalid($"The CSV was not imported, nothing changed: the watchlist would hold {names:N0} names; the limit is {WatchlistLimits.MaxEntries:N0}.");
        }

        var import = await store.ImportWatchlistAsync(context.ChannelId, parsed.Entries, context.Actor, cancellationToken);
        if (import.Added + import.Updated == 0)
        {
            return ChatReply.Ephemeral(ReplyLine.Of($"The {ReplyText.Count(import.Unchanged, "name")} of the CSV are watched here already as written; nothing changed."));
        }

        return ChatReply.Announcement(
            ReplyLine.Of(context.Who, $" imported a watchlist: {ReplyText.Count(import.Added, "name")} added, {import.Updated} updated, {import.Unchanged} unchanged; this channel watches {ReplyText.Count(names, "name")}."),
            ReplyLine.Of(new Inline.Code("watchlist"), " shows them."));
    }

    public async Task<ChatReply> ThresholdAsync(CommandContext context, ChatCommand.WatchThreshold command, CancellationToken cancellationToken)
    {
        var before = await store.SetWatchThresholdAsync(context.ChannelId, command.Threshold, context.Actor, cancellationToken);
        return before == command.Threshold
            ? ChatReply.Ephemeral(ReplyLine.Of($"The watchlist threshold here is already {WatchThreshold.Show(before)}; nothing changed."))
            : ChatReply.Announcement(ReplyLine.Of(context.Who,
                $" set the watchlist threshold to {WatchThreshold.Show(command.Threshold)} (it was {WatchThreshold.Show(before)}): a listed name scoring that much against a watched one matches it."));
    }

    public async Task<ChatReply> TestAsync(CommandContext context, ChatCommand.WatchTest command, CancellationToken cancellationToken)
    {
        var threshold = (await store.GetWatchlistAsync(context.ChannelId, cancellationToken)).Threshold;
        var lists = await store.GetListsAsync(cancellationToken);
        if (lists.Count == 0)
        {
            return ChatReply.Ephemeral(NoListsLoaded());
        }

        var entry = new WatchedName(command.Name, []);
        var lines = new List<ReplyLine> { ReplyLine.Of($"'{command.Name}' on {ReplyText.Count(lists.Count, "screening list")} today (threshold {WatchThreshold.Show(threshold)}):") };
        foreach (var list in lists)
        {
            var hits = new ScreenedList(list.Entities.Select(ScreenedParty.Of)).Find(entry, threshold);
            lines.Add(hits.Count == 0
                ? ReplyLine.Bullet($"{ListName(list)}: no match among {list.Entities.Count:N0} entries")
                : ReplyLine.Bullet($"{ListName(list)}: {string.Join("; ", hits.Take(TestedHits).Select(Describe))}{(hits.Count > TestedHits ? $"; and {hits.Count - TestedHits} more" : "")}"));
        }

        return ChatReply.Ephemeral([.. lines]);
    }

    public async Task<ChatReply> ListAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var watchlist = await store.GetWatchlistAsync(context.ChannelId, cancellationToken);
        if (watchlist.IsEmpty)
        {
            return ChatReply.Ephemeral(
                ReplyLine.Of("This channel watches no names. Add one with ", new Inline.Code("watch add NAME [--alias A]... [--country CC]"),
                    " or many with ", new Inline.Code("watch import"), "."));
        }

        var lists = await store.GetListsAsync(cancellationToken);
        var screened = lists.Select(l => (List: l, Parties: new ScreenedList(l.Entities.Select(ScreenedParty.Of)))).ToList();
        var lines = new List<ReplyLine>
        {
            ReplyLine.Of($"This channel watches {ReplyText.Count(watchlist.Entries.Count, "name")} (threshold {WatchThreshold.Show(watchlist.Threshold)}):"),
        };
        foreach (var entry in watchlist.Entries.Take(Listed))
        {
            var watched = new WatchedName(entry.Name, entry.Aliases, entry.Country);
            var listed = screened
                .Select(s => (s.List, Hits: s.Parties.Find(watched, watchlist.Threshold)))
                .Where(s => s.Hits.Count > 0)
                .Select(s => $"{ListName(s.List)} ({Describe(s.Hits[0])})")
                .ToList();
            var status = lists.Count == 0 ? "" : listed.Count == 0 ? " · on no list" : " · listed: " + string.Join("; ", listed);
            lines.Add(ReplyLine.Bullet(entry + status));
        }

        if (watchlist.Entries.Count > Listed)
        {
            lines.Add(ReplyLine.Of($"…and {watchlist.Entries.Count - Listed} more."));
        }

        lines.Add(lists.Count == 0 ? NoListsLoaded() : ReplyLine.Of($"Screened against {string.Join(", ", lists.Select(l => $"{ListName(l)} ({l.Entities.Count:N0} entries, changed {l.UpdatedAt:yyyy-MM-dd})"))}."));
        return ChatReply.Ephemeral([.. lines]);
    }

    private static ReplyLine NoListsLoaded() =>
        ReplyLine.Of("No screening list is loaded yet: the entity-list feeds (", new Inline.Code("feeds"), " lists them) store theirs at their first poll.");

    // The list's name as its feed file gives it ("SDN List"), else its id.
    private string ListName(StoredList list) => catalog.Find(list.Feed.Value)?.EntityList?.Title ?? list.List;

    // "HUAWEI TECHNOLOGIES CO., LTD. (list:entity-list:HUAWEI TECHNOLOGIES CO., LTD.) 0.97 as alias HUAWEI"
    private static string Describe(ScreeningHit hit) =>
        $"{hit.Party.Name} [{hit.Party.Key}] {NameSimilarity.Format(hit.Score)}" + (hit.PartyForm == hit.Party.Name ? "" : $" as {hit.PartyForm}");
}
