namespace PolicyWatchBot.Core.Channels;

/// <summary>
/// A channel's identity: (platform, workspace or guild, channel id). The console channel is
/// (<c>console</c>, <c>local</c>, name).
/// </summary>
public readonly record struct ChannelKey(string Platform, string Workspace, string Channel)
{
    public const string ConsolePlatform = "console";

    public static ChannelKey Console(string name) => new(ConsolePlatform, "local", name);

    public override string ToString() => $"{Platform}/{Workspace}/{Channel}";
}
