using PolicyWatchBot.Core.Audit;

namespace PolicyWatchBot.Core.Commands;

/// <summary>
/// Who runs a command, and the facts the platform gives about them. The adapter only reports
/// facts (Discord's Manage Channels permission, the console's <c>--manager</c>); the handler
/// decides who is a manager.
/// </summary>
public sealed record Caller(Actor Actor, bool HasManageChannelsPermission = false);
