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
        foreach (var group in waiting)
        {
            await error.WriteLineAsync($"  {group.ChannelName} ({group.Channel}): {Posts(group.Count)} {State(group.State)}, next try {Iso(group.NextTry)}: {group.Reason ?? "not tried yet"}");
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
