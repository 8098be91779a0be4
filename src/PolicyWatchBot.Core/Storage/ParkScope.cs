namespace PolicyWatchBot.Core.Storage;

/// <summary>What a parking covers: the post's channel, or every channel of its platform (a bad token).</summary>
public enum ParkScope
{
    Channel,
    Platform,
}
