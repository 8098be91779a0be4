namespace PolicyWatchBot.Chat.Slack;

/// <summary>
/// <c>PolicyWatch:Slack</c>. For now only who may change a channel's setup; the Slack adapter adds
/// its credentials here.
/// </summary>
public sealed class SlackOptions
{
    public const string Section = "PolicyWatch:Slack";

    /// <summary>
    /// Slack user ids allowed to change a channel's setup; empty means everyone. Configuration may
    /// give a list or one comma-separated string (<c>PolicyWatch__Slack__Managers=U1,U2</c>).
    /// </summary>
    public IList<string> Managers { get; } = [];
}
