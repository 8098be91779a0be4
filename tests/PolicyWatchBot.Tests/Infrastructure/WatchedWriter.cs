using System.Text;

namespace PolicyWatchBot.Tests.Infrastructure;

/// <summary>A StringWriter a test can wait on until some text has been written: no sleeps, no polling.</summary>
public sealed class WatchedWriter : StringWriter
{
    private readonly Lock _gate = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _waiters = [];

    public Task WaitForAsync(string text, TimeSpan deadline)
    {
        lock (_gate)
        {
            if (ToString().Contains(text, StringComparison.Ordinal))
            {
                return Task.CompletedTask;
            }

            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((text, seen));
            return seen.Task.WaitAsync(deadline);
        }
    }

    public override void Write(string? value)
    {
        lock (_gate)
        {
            base.Write(value);
            var written = ToString();
            foreach (var waiter in _waiters.Where(w => written.Contains(w.Text, StringComparison.Ordinal)).ToList())
            {
                waiter.Seen.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    public override void Write(char value) => Write(value.ToString());

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override Encoding Encoding => Encoding.UTF8;
}
