using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Replies;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Core.Watchlists;

namespace PolicyWatchBot.Chat;

/// <summary><c>watch add|remove|import|threshold</c> (managers) and <c>watchlist</c> (anyone): the names this channel screens for.</summary>
internal sealed class WatchlistCommands(IStore store)
{
    private const int Listed = 50;

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

    public async Task<ChatReply> ListAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var watchlist = await store.GetWatchlistAsync(context.ChannelId, cancellationToken);
        if (watchlist.IsEmpty)
        {
            return ChatReply.Ephemeral(
                ReplyLine.Of("This channel watches no names. Add one with ", new Inline.Code("watch add NAME [--alias A]... [--country CC]"),
                    " or many with ", new Inline.Code("watch import"), "."));
        }

        var lines = new List<ReplyLine>
        {
            ReplyLine.Of($"This channel watches {ReplyText.Count(watchlist.Entries.Count, "name")} (threshold {WatchThreshold.Show(watchlist.Threshold)}):"),
        };
        lines.AddRange(watchlist.Entries.Take(Listed).Select(e => ReplyLine.Bullet(e.ToString())));
        if (watchlist.Entries.Count > Listed)
        {
            lines.Add(ReplyLine.Of($"…and {watchlist.Entries.Count - Listed} more."));
        }

        return ChatReply.Ephemeral([.. lines]);
    }
}
