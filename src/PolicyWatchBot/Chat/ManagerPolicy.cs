using Microsoft.Extensions.Options;
using PolicyWatchBot.Chat.Slack;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Commands;

namespace PolicyWatchBot.Chat;

/// <summary>
/// Decides who is a manager (docs/commands.md) from the facts the platform adapter reports: on Slack
/// everyone unless <c>PolicyWatch:Slack:Managers</c> lists user ids; on Discord members with the
/// Manage Channels permission; on the console whoever runs <c>chat --manager</c>.
/// </summary>
internal sealed class ManagerPolicy(IOptions<SlackOptions> slack)
{
    public const string SlackPlatform = "slack";

    public bool IsManager(ChannelKey channel, Caller caller)
    {
        if (channel.Platform == SlackPlatform)
        {
            var managers = slack.Value.Managers;
            return managers.Count == 0 || managers.Contains(caller.Actor.UserId, StringComparer.Ordinal);
        }

        return caller.HasManageChannelsPermission;
    }

    /// <summary>Who may use a setup verb, in the words of the caller's platform.</summary>
    public static string WhoMay(ChannelKey channel, string verb) => channel.Platform switch
    {
        SlackPlatform => $"Only this workspace's PolicyWatch managers may use '{verb}'; ask one of them, or an admin to add you to PolicyWatch:Slack:Managers. Nothing changed.",
        ChannelKey.ConsolePlatform => $"Only managers may use '{verb}'; run the chat command with --manager. Nothing changed.",
        _ => $"Only members with the Manage Channels permission may use '{verb}'. Nothing changed.",
    };
}
