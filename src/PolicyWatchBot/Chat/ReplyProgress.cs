using PolicyWatchBot.Core.Replies;

namespace PolicyWatchBot.Chat;

/// <summary>
/// A long command's progress shown by editing its deferred answer: one edit at a time (a report made
/// while one is being sent is dropped; the next report carries newer numbers), at most
/// <paramref name="maxEdits"/> in all. The final answer waits for <see cref="Last"/>, so a late progress
/// edit never overwrites it. A failed edit is ignored: the final answer still comes.
/// </summary>
internal sealed class ReplyProgress(Func<ChatReply, Task> show, int maxEdits) : IProgress<ChatReply>
{
    private int _sending;
    private int _shown;

    /// <summary>How many progress edits were sent.</summary>
    public int Shown => Volatile.Read(ref _shown);

    /// <summary>The latest edit (completed when none is in flight).</summary>
    public Task Last { get; private set; } = Task.CompletedTask;

    public void Report(ChatReply value)
    {
        if (Shown >= maxEdits || Interlocked.CompareExchange(ref _sending, 1, 0) != 0)
        {
            return;
        }

        Interlocked.Increment(ref _shown);
        Last = ShowAsync(value);
    }

    private async Task ShowAsync(ChatReply value)
    {
        try
        {
            await show(value);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            // The edit is only a courtesy; the final answer is what counts.
        }
        finally
        {
            Volatile.Write(ref _sending, 0);
        }
    }
}
