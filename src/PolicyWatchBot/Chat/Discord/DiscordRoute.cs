namespace PolicyWatchBot.Chat.Discord;

/// <summary>
/// One REST call's route: the method and path, the route template with its top-level resource
/// (the channel, the application, or the interaction webhook) that rate-limit buckets are keyed by,
/// and whether it uses the bot token and counts toward the global limit.
/// </summary>
internal readonly record struct DiscordRoute(HttpMethod Method, string Path, string Template, string Major, bool IsBotCall)
{
    /// <summary>The channel the call is about, for remembering a 403/404 per channel; null for other routes.</summary>
    public string? ChannelId => Template.StartsWith("channels/", StringComparison.Ordinal) ? Major : null;

    /// <summary>Whether this posts a new message (a 404 there means the channel is gone).</summary>
    public bool IsCreateMessage => Method == HttpMethod.Post && Template == CreateMessageTemplate;

    /// <summary>Route and top-level resource: calls with the same key share a bucket until Discord names it.</summary>
    public string Key => $"{Method.Method} {Template}|{Major}";

    private const string CreateMessageTemplate = "channels/{channel}/messages";

    public static DiscordRoute CreateMessage(string channelId) =>
        new(HttpMethod.Post, $"channels/{channelId}/messages", CreateMessageTemplate, channelId, IsBotCall: true);

    public static DiscordRoute EditMessage(string channelId, string messageId) =>
        new(HttpMethod.Patch, $"channels/{channelId}/messages/{messageId}", "channels/{channel}/messages/{message}", channelId, IsBotCall: true);

    public static DiscordRoute EditOriginal(string applicationId, string token) =>
        new(HttpMethod.Patch, $"webhooks/{applicationId}/{token}/messages/@original", "webhooks/{application}/{token}/messages/@original", token, IsBotCall: false);

    public static DiscordRoute DeleteOriginal(string applicationId, string token) =>
        new(HttpMethod.Delete, $"webhooks/{applicationId}/{token}/messages/@original", "webhooks/{application}/{token}/messages/@original", token, IsBotCall: false);

    public static DiscordRoute FollowUp(string applicationId, string token) =>
        new(HttpMethod.Post, $"webhooks/{applicationId}/{token}", "webhooks/{application}/{token}", token, IsBotCall: false);

    public static DiscordRoute OverwriteCommands(string applicationId, string? guildId) => guildId is null
        ? new(HttpMethod.Put, $"applications/{applicationId}/commands", "applications/{application}/commands", applicationId, IsBotCall: true)
        : new(HttpMethod.Put, $"applications/{applicationId}/guilds/{guildId}/commands", "applications/{application}/guilds/{guild}/commands", guildId, IsBotCall: true);

    /// <summary>No token in logs: the template, with the channel id where there is one.</summary>
    public override string ToString() => $"{Method.Method} {(ChannelId is { } channel ? Template.Replace("{channel}", channel, StringComparison.Ordinal) : Template)}";
}
