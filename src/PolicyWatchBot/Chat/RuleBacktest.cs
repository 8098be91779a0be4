using System.Globalization;
using PolicyWatchBot.Core.Alerting;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Replies;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Core.Search;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Chat;

/// <summary>
/// <c>rule test</c>: which stored items of the channel's feeds an expression would have matched in the
/// last N days; the count, alerts per week over the history actually stored, and the ten newest. The
/// store hands over only the items its term index finds for the expression's terms (all of them when
/// it can match without any, such as a regex or a NOT alone), and those are matched as they come, so
/// memory stays flat however long the history. A long test shows how far it got through the
/// platform's deferred answer, and a newer test from the same user stops it. It changes nothing.
/// </summary>
internal sealed class RuleBacktest(IStore store, FeedCommands feeds, BacktestRuns runs, TimeProvider time)
{
    private const int Shown = 10;

    /// <summary>Items on which the regex may time out before the backtest gives up, so one test costs seconds at most.</summary>
    private const int MaxTimeouts = 3;

    /// <summary>At most this often is progress shown (Slack allows few answers to one command).</summary>
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(3);

    public async Task<ChatReply> RunAsync(CommandContext context, ChatCommand.RuleTest command, CancellationToken cancellationToken)
    {
        var subscribed = feeds.FeedsOf(await store.GetSubscriptionsAsync(context.ChannelId, cancellationToken));
        if (subscribed.Count == 0)
        {
            return ChatReply.Ephemeral(ReplyLine.Of("This channel subscribes to no feed, so there is nothing to test the expression on. Subscribe first, e.g. ",
                new Inline.Code("subscribe fr-bis"), "."));
        }

        using var run = runs.Start(context.Request.Channel, context.Actor.UserId, cancellationToken);
        var expression = command.Expression.Trim();
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var ids = subscribed.Select(f => f.Id).ToList();
        var tally = new BacktestTally(expression, Shown);
        var since = today.AddDays(-command.Days);
        var candidates = RuleParser.Parse(expression).Expression is { } parsed ? TermPrefilter.Of(parsed) : null;
        var history = new StoredHistory(0, null);
        try
        {
            history = await store.DescribeHistoryAsync(ids, since, run.Token);
            var toMatch = candidates is null ? history.ItemsSince : await store.CountItemsSinceAsync(ids, since, candidates, run.Token);
            var shownAt = time.GetUtcNow();
            await foreach (var item in store.StreamItemsSinceAsync(ids, since, candidates, run.Token, withBodies: tally.SearchesBodies))
            {
                run.Token.ThrowIfCancellationRequested();
                tally.Add(item);
                if (tally.TimedOut == MaxTimeouts)
                {
                    return ChatReply.Invalid($"Not tested: the regular expression ran past its {Seconds(RegexLimits.MatchTimeout)} s limit on {MaxTimeouts} items; simplify it (fewer counts and repeated groups). Nothing changed.");
                }

                if (context.Request.Progress is { } progress && time.GetUtcNow() - shownAt >= ProgressEvery)
                {
                    shownAt = time.GetUtcNow();
                    progress.Report(Working(tally.Items, toMatch));
                }
            }
        }
        catch (OperationCanceledException) when (run.Superseded)
        {
            return ChatReply.Ephemeral(ReplyLine.Of("Stopped the backtest of ", new Inline.Code(expression), $" after {ReplyText.Count(tally.Items, "item")}: a newer ",
                new Inline.Code("rule test"), " of yours replaced it. Nothing changed."));
        }

        var lines = Result(expression, command.Days, subscribed, tally, history, today);
        lines.InsertRange(lines.Count - 1, await FeedHistoryLines.OfAsync(store, subscribed, cancellationToken));
        return ChatReply.Ephemeral(RuleCommands.WithWarning(expression, [.. lines]));
    }

    /// <summary><c>working: 40 % of 900,100 items</c>.</summary>
    internal static ChatReply Working(int done, int total) =>
        ChatReply.Ephemeral(ReplyLine.Of(
            $"Working: {(total == 0 ? 100 : Math.Min(100, done * 100L / total)).ToString(CultureInfo.InvariantCulture)} % of {ReplyText.Count(total, "item")}…"));

    private static List<ReplyLine> Result(string expression, int days, IReadOnlyList<FeedDefinition> subscribed, BacktestTally tally, StoredHistory history, DateOnly today)
    {
        // Alerts per week over the history actually stored: feeds whose oldest stored item is ten days
        // old have ten days of items, however long the window asked for.
        var storedDays = history.Oldest is { } oldest && history.ItemsSince > 0 ? Math.Clamp(today.DayNumber - oldest.DayNumber, 1, days) : 0;
        var perWeek = storedDays == 0 ? 0 : tally.Matches / (storedDays / 7.0);
        var lines = new List<ReplyLine>
        {
            ReplyLine.Of("Backtest of ", new Inline.Code(expression), $" on {ReplyText.List(subscribed.Select(f => f.Id.Value))}, last {ReplyText.Count(days, "day")} ({ReplyText.Count(history.ItemsSince, "stored item")}): ",
                new Inline.Strong(ReplyText.Count(tally.Matches, "match", "matches")),
                storedDays == 0
                    ? ", no stored history to count alerts per week on."
                    : $", about {perWeek.ToString("0.#", CultureInfo.InvariantCulture)} alerts per week over {ReplyText.Count(storedDays, "day")} of stored history{(tally.Matches > 0 ? ". Newest first:" : ".")}"),
        };
        foreach (var match in tally.Newest())
        {
            var item = match.Item;
            lines.Add(ReplyLine.Bullet(
                ReplyText.Day(match.Date) + " · ",
                item.Link is { } link ? new Inline.Link(item.Title, link.AbsoluteUri) : new Inline.Plain(item.Title),
                $" · {item.Feed.Value} · matched {ReplyText.List(match.Terms.Take(5))}"));
        }

        if (tally.Matches > Shown)
        {
            lines.Add(ReplyLine.Of($"…and {ReplyText.Count(tally.Matches - Shown, "older match", "older matches")}."));
        }

        if (tally.TimedOut > 0)
        {
            lines.Add(ReplyLine.Of($"The regular expression ran past its {Seconds(RegexLimits.MatchTimeout)} s limit on {ReplyText.Count(tally.TimedOut, "item")}, counted as not matched; a simpler one would be decided on every item."));
        }

        lines.Add(ReplyLine.Of("Nothing was saved; to use it: ", new Inline.Code("rule add NAME " + expression)));
        return lines;
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString(CultureInfo.InvariantCulture);
}
