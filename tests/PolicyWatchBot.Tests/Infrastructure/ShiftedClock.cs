namespace PolicyWatchBot.Tests.Infrastructure;

/// <summary>
/// The system clock moved to another instant: it ticks in real time from there, and timers and
/// delays are real ones (a fake clock's would never fire by themselves inside the worker), so a
/// test reaches a date days away by <see cref="MoveTo"/>, not by waiting.
/// </summary>
internal sealed class ShiftedClock(DateTimeOffset start) : TimeProvider
{
    private long _offsetTicks = (start - System.GetUtcNow()).Ticks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public void MoveTo(DateTimeOffset at) => Interlocked.Exchange(ref _offsetTicks, (at - System.GetUtcNow()).Ticks);
}
