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
        services.AddOptions<SlackOptions>().Configure(options =>
        {
            var managers = configuration.GetSection(SlackOptions.Section).GetSection(nameof(SlackOptions.Managers));
            var values = managers.Value is { } single ? single.Split(',') : managers.GetChildren().Select(c => c.Value ?? "");
            foreach (var id in values.Select(v => v.Trim()).Where(v => v.Length > 0))
            {
                options.Managers.Add(id);
            }
        });
        services.AddSingleton<ManagerPolicy>();
        services.AddSingleton<BotInstance>();
        services.AddSingleton<FeedCommands>();
        services.AddSingleton<RuleBacktest>();
        services.AddSingleton<RuleCommands>();
        services.AddSingleton<MuteCommands>();
        services.AddSingleton<AckCommand>();
        services.AddSingleton<StatusCommand>();
        services.AddSingleton<ConversationHandler>();
        services.AddPolicyWatchSlack(configuration);
        services.AddPolicyWatchDiscord(configuration);
        return services;
    }
}
