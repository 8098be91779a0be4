namespace PolicyWatchBot.Core;

/// <summary>What <see cref="DurationText.Read"/> made of a text.</summary>
public enum DurationReading
{
    Duration,
    TooLong,
    NotADuration,
}
