using Microsoft.Extensions.Logging;

namespace PolicyWatchBot.Chat.Discord;

/// <summary>
/// Registers <c>/policywatch</c> with one bulk overwrite (idempotent: running it again changes
/// nothing): globally, or in one guild (instant, for trying the bot out).
/// </summary>
internal sealed class DiscordCommandRegistrar(IDiscordApi api, ILogger<DiscordCommandRegistrar> logger)
{
    public async Task<DiscordCallResult> RegisterAsync(string? guildId, CancellationToken cancellationToken)
    {
        var command = DiscordCommandDefinition.Build(global: guildId is null);
        var problems = DiscordCommandValidator.Problems(command);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The /policywatch definition breaks Discord's rules: " + string.Join("; ", problems));
        }

        var result = await api.OverwriteCommandsAsync(guildId, [command], cancellationToken);
        if (result.IsOk)
        {
            logger.CommandsRegistered(guildId is null ? "globally" : "in guild " + guildId, 1);
        }

        return result;
    }
}
