using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PolicyWatchBot.Chat.Discord;
using PolicyWatchBot.Chat.Slack;

namespace PolicyWatchBot.Chat;

public static class ChatServiceCollectionExtensions
{
    /// <summary>The conversation: the <c>/policywatch</c> command handlers every platform shares.</summary>
    public static IServiceCollection AddPolicyWatchChat(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ManagerPolicy>();
        services.AddSingleton<BotInstance>();
        services.AddSingleton<FeedCommands>();
        services.AddSingleton<RuleBacktest>();
        services.AddSingleton<BacktestRuns>();
        services.AddSingleton<RuleCommands>();
        services.AddSingleton<ChannelModeCommands>();
        services.AddSingleton<ReminderCommands>();
        services.AddSingleton<WatchlistCommands>();
        services.AddSingleton<MuteCommands>();
        services.AddSingleton<AckCommand>();
        services.AddSingleton<StatusCommand>();
        services.AddSingleton<ConversationHandler>();
        services.AddPolicyWatchSlack(configuration);
        services.AddPolicyWatchDiscord(configuration);
        return services;
    }
}
