namespace PolicyWatchBot.Chat.Discord;

/// <summary>The Discord REST calls the bot makes. Every message goes out with empty <c>allowed_mentions</c>.</summary>
internal interface IDiscordApi
{
    /// <summary><c>POST /channels/{id}/messages</c>; with a nonce and <c>enforce_nonce</c> a repeat returns the first message.</summary>
    Task<DiscordCallResult> CreateMessageAsync(string channelId, DiscordWire.Message message, CancellationToken cancellationToken);

    /// <summary><c>PATCH /channels/{id}/messages/{message}</c>.</summary>
    Task<DiscordCallResult> EditMessageAsync(string channelId, string messageId, DiscordWire.Message message, CancellationToken cancellationToken);

    /// <summary><c>PATCH /webhooks/{app}/{token}/messages/@original</c>: finishes a deferred interaction response.</summary>
    Task<DiscordCallResult> EditOriginalResponseAsync(string interactionToken, DiscordWire.Message message, CancellationToken cancellationToken);

    /// <summary><c>DELETE /webhooks/{app}/{token}/messages/@original</c>.</summary>
    Task<DiscordCallResult> DeleteOriginalResponseAsync(string interactionToken, CancellationToken cancellationToken);

    /// <summary><c>POST /webhooks/{app}/{token}</c>: one more message answering the interaction.</summary>
    Task<DiscordCallResult> CreateFollowUpAsync(string interactionToken, DiscordWire.Message message, CancellationToken cancellationToken);

    /// <summary><c>PUT /applications/{app}/commands</c> (or a guild's): replaces every command of the application.</summary>
    Task<DiscordCallResult> OverwriteCommandsAsync(string? guildId, IReadOnlyList<DiscordCommandWire.Command> commands, CancellationToken cancellationToken);
}
