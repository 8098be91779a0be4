using System.Globalization;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Replies;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Chat;

/// <summary>
/// <c>rule test</c>: which stored items of the channel's feeds an expression would have matched in
/// the last N days; the count, alerts per week, and the ten newest. It changes nothing.
/// </summary>
internal sealed class RuleBacktest(IStore store, FeedCommands feeds, TimeProvider time)
{
    private const int Shown = 10;

    /// <summary>Items on which the regex may time out before the backtest gives up, so one test costs seconds at most.</summary>
    private const int MaxTimeouts = 3;

    public async Task<ChatReply> RunAsync(CommandContext context, ChatCommand.RuleTest command, CancellationToken cancellationToken)
    {
        var subscribed = feeds.FeedsOf(await store.GetSubscriptionsAsync(context.ChannelId, cancellationToken));
        if (subscribed.Count == 0)
        {
            return ChatReply.Ephemeral(ReplyLine.Of("This channel subscribes to no feed, so there is nothing to test the expression on. Subscribe first, e.g. ",
                new Inline.Code("subscribe fr-bis"), "."));
        }

        var expression = command.Expression.Trim();
        var rule = CompiledRule.Compile(new RuleDefinition("test", expression));
        var since = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-command.Days);
        var items = await store.GetItemsSinceAsync(subscribed.Select(f => f.Id).ToList(), since, cancellationToken);
        var matches = new List<(FeedItem Item, DateOnly Date, RuleMatch Match)>();
        var timedOut = 0;
        foreach (var (item, date) in items)
        {
            if (rule.Match(ItemTokenizer.Tokenize(item), out var itemTimedOut) is { } match)
            {
                matches.Add((item, date, match));
            }
            else if (itemTimedOut && ++timedOut == MaxTimeouts)
            {
                return ChatReply.Invalid($"Not tested: the regular expression ran past its {RegexLimits.MatchTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s limit on {MaxTimeouts} items; simplify it (fewer counts and repeated groups). Nothing changed.");
            }
        }

        var perWeek = matches.Count / (command.Days / 7.0);
        var lines = new List<ReplyLine>
        {
            ReplyLine.Of("Backtest of ", new Inline.Code(expression), $" on {ReplyText.List(subscribed.Select(f => f.Id.Value))}, last {ReplyText.Count(command.Days, "day")} ({ReplyText.Count(items.Count, "stored item")}): ",
                new Inline.Strong(ReplyText.Count(matches.Count, "match", "matches")),
                $", about {perWeek.ToString("0.#", CultureInfo.InvariantCulture)} alerts per week{(matches.Count > 0 ? ". Newest first:" : ".")}"),
        };
        foreach (var (item, date, match) in matches.Take(Shown))
        {
            var terms = match.Hits.Select(h => h.Term).Distinct(StringComparer.OrdinalIgnoreCase).Take(5);
            lines.Add(ReplyLine.Bullet(
                ReplyText.Day(date) + " · ",
                item.Link is { } link ? new Inline.Link(item.Title, link.AbsoluteUri) : new Inline.Plain(item.Title),
                $" · {item.Feed.Value} · matched {ReplyText.List(terms)}"));
        }

        if (matches.Count > Shown)
        {
            lines.Add(ReplyLine.Of($"…and {ReplyText.Count(matches.Count - Shown, "older match", "older matches")}."));
        }

        if (timedOut > 0)
        {
            lines.Add(ReplyLine.Of($"The regular expression ran past its {RegexLimits.MatchTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s limit on {ReplyText.Count(timedOut, "item")}, counted as not matched; a simpler one would be decided on every item."));
        }

        lines.Add(ReplyLine.Of("Nothing was saved; to use it: ", new Inline.Code("rule add NAME " + expression)));
        return ChatReply.Ephemeral(RuleCommands.WithWarning(expression, [.. lines]));
    }
}
