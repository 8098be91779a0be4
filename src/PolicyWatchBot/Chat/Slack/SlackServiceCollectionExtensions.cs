using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace PolicyWatchBot.Chat.Slack;

/// <summary>The Slack adapter: registered always, active only when its credentials are configured.</summary>
public static class SlackServiceCollectionExtensions
{
    /// <summary>Client, renderer and alert sink (used by the worker and the one-shot verbs).</summary>
    public static IServiceCollection AddPolicyWatchSlack(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        return services;
    }

    /// <summary>What only the long-running worker needs (Socket Mode).</summary>
    public static IServiceCollection AddPolicyWatchSlackWorker(this IServiceCollection services) => services;

    /// <summary><c>POST /slack/commands</c> and <c>POST /slack/interactions</c>.</summary>
    public static IEndpointRouteBuilder MapSlackEndpoints(this IEndpointRouteBuilder endpoints) => endpoints;
}
