using System.Globalization;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Cli;

/// <summary>
/// What a one-shot verb says when it stops waiting for the outbox: per channel and reason, how
/// many posts are not delivered yet, when they are tried next, and why they wait.
/// </summary>
internal static class WaitingReport
{
    public static async Task WriteAsync(TextWriter error, IReadOnlyList<WaitingPosts> waiting)
    {
        if (waiting.Count == 0)
        {
            return;
        }

        var total = waiting.Sum(w => w.Count);
        await error.WriteLineAsync($"{Posts(total)} not delivered yet; the outbox keeps them and the worker ('run') or the next poll --once or chat delivers them:");

        // Posts of a channel go in order: those never tried, in a channel whose older posts wait, are tried after them, not at their own (past) time.
        var held = waiting.Where(w => w.State != WaitingState.Edit && w.Reason is not null)
            .GroupBy(w => w.Channel).ToDictionary(g => g.Key, g => g.Min(w => w.NextTry));
        foreach (var group in waiting)
        {
            var (nextTry, reason) = group.Reason is null && group.State == WaitingState.Pending && held.TryGetValue(group.Channel, out var after)
                ? (after > group.NextTry ? after : group.NextTry, "not tried yet, behind the channel's older posts")
                : (group.NextTry, group.Reason ?? "not tried yet");
            await error.WriteLineAsync($"  {group.ChannelName} ({group.Channel}): {Posts(group.Count)} {State(group.State)}, next try {Iso(nextTry)}: {reason}");
        }
    }

    /// <summary>The line after Ctrl-C or SIGTERM: nothing is lost, the rest waits.</summary>
    public static Task WriteStoppedAsync(TextWriter error, string verb) =>
        error.WriteLineAsync($"{verb} stopped (Ctrl-C or SIGTERM) before it finished; what was not delivered stays in the outbox for the next run");

    private static string Posts(long count) => count == 1 ? "1 post" : $"{count} posts";

    private static string State(WaitingState state) => state switch
    {
        WaitingState.Parked => "parked",
        WaitingState.Edit => "to edit",
        _ => "pending",
    };

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
