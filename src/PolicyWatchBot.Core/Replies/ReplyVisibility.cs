namespace PolicyWatchBot.Core.Replies;

public enum ReplyVisibility
{
    /// <summary>Only the caller sees it: reads and errors.</summary>
    Ephemeral,

    /// <summary>Posted in the channel for everyone: changes to the channel's setup.</summary>
    Channel,
}
