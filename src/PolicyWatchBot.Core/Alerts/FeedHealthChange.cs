namespace PolicyWatchBot.Core.Alerts;

/// <summary>What a feed health notice tells a channel.</summary>
public enum FeedHealthChange
{
    /// <summary>The feed failed several polls in a row.</summary>
    Failing,

    /// <summary>The feed answered with zero items where it had some (for an HTML page: its selectors match nothing now).</summary>
    Empty,

    /// <summary>The feed is read again after it was failing or empty.</summary>
    Recovered,
}
