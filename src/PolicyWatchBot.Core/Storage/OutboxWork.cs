namespace PolicyWatchBot.Core.Storage;

public enum OutboxWork
{
    /// <summary>Post the message for the first time.</summary>
    Send,

    /// <summary>Edit the posted message in place (an acknowledgement changed what it shows).</summary>
    Update,
}
