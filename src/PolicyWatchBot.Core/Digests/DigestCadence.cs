namespace PolicyWatchBot.Core.Digests;

public enum DigestCadence
{
    Daily,

    /// <summary>Monday to Friday.</summary>
    Weekdays,

    /// <summary>One day a week (<see cref="DigestSchedule.Day"/>).</summary>
    Weekly,
}
