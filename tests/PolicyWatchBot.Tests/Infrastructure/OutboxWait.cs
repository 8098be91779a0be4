using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Tests.Infrastructure;

/// <summary>Waits on a running worker's outbox rather than on its fakes, for tests that restart it between sends.</summary>
internal static class OutboxWait
{
    /// <summary>Until at least <paramref name="count"/> posts are marked sent (20 s at most).</summary>
    public static async Task UntilSentAsync(this IStore store, long count)
    {
        var deadline = Fixtures.Timeout(20);
        while ((await store.GetOutboxCountsAsync(deadline)).Sent < count)
        {
            await Task.Delay(20, deadline);
        }
    }
}
