namespace PolicyWatchBot.Core.Storage;

/// <summary>
/// The message a reply goes under: the thread's parent alert (its id) and the platform's id of its
/// message, null when it has none (never posted, failed, or a console).
/// </summary>
public sealed record ThreadParent(string ParentPostId, string? ParentMessageId);
