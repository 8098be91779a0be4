using System.Text;

namespace PolicyWatchBot.Tests.Infrastructure;

/// <summary>A StringWriter a test can wait on until some text has been written: no sleeps, no polling.</summary>
public sealed class WatchedWriter : StringWriter
{
    private readonly Lock _gate = new();
    private readonly List<(string Text, int Times, TaskCompletionSource Seen)> _waiters = [];

    /// <summary>Completes once <paramref name="text"/> has been written <paramref name="times"/> times in all.</summary>
    public Task WaitForAsync(string text, TimeSpan deadline, int times = 1)
    {
        lock (_gate)
        {
            if (Occurrences(ToString(), text) >= times)
            {
                return Task.CompletedTask;
            }

            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((text, times, seen));
            return seen.Task.WaitAsync(deadline);
        }
    }

    public override void Write(string? value)
    {
        lock (_gate)
        {
            base.Write(value);
            var written = ToString();
            foreach (var waiter in _waiters.Where(w => Occurrences(written, w.Text) >= w.Times).ToList())
            {
                waiter.Seen.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    private static int Occurrences(string written, string text)
    {
        var count = 0;
        for (var at = written.IndexOf(text, StringComparison.Ordinal); at >= 0; at = written.IndexOf(text, at + text.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    public override void Write(char value) => Write(value.ToString());

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override Encoding Encoding => Encoding.UTF8;
}
