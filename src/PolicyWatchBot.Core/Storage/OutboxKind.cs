namespace PolicyWatchBot.Core.Storage;

public enum OutboxKind
{
    Alert,
    Digest,
    Reminder,
    FeedNotice,
}
