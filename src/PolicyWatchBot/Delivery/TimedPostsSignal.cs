namespace PolicyWatchBot.Delivery;

/// <summary>
/// Says that the next digest or reminder time may have changed (a poll planned reminders, a command
/// changed a digest or reminder plan), so the worker's Quartz trigger is set again. Without a
/// listener (one-shot verbs) it does nothing.
/// </summary>
public sealed class TimedPostsSignal
{
    public event Action? Changed;

    public void Notify() => Changed?.Invoke();
}
