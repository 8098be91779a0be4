namespace PolicyWatchBot.Core.Replies;

public enum ReplyOutcome
{
    /// <summary>The command ran (a read answered, a change made, or nothing to change).</summary>
    Done,

    /// <summary>The command was understood but not allowed: the caller is not a manager.</summary>
    Refused,

    /// <summary>The command was malformed or named something unknown; nothing changed.</summary>
    Invalid,
}
