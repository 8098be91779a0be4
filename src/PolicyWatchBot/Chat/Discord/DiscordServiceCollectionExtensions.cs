using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PolicyWatchBot.Delivery;
using PolicyWatchBot.Hosting;

namespace PolicyWatchBot.Chat.Discord;

/// <summary>The Discord adapter: registered always, active only when its credentials are configured.</summary>
public static class DiscordServiceCollectionExtensions
{
    /// <summary>Client, renderer and alert sink (used by the worker and the one-shot verbs).</summary>
    public static IServiceCollection AddPolicyWatchDiscord(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddDiscordClient();
        services.AddSingleton(sp => new DiscordSignatureVerifier(sp.GetRequiredService<IOptions<DiscordOptions>>().Value.PublicKey ?? ""));
        services.AddSingleton<DiscordAutocomplete>();
        services.AddSingleton<DiscordFollowUps>();
        services.AddSingleton<DiscordInteractionHandler>();
        if (!string.IsNullOrWhiteSpace(configuration.GetSection(DiscordOptions.Section)[nameof(DiscordOptions.BotToken)]))
        {
            services.AddSingleton<IAlertSink, DiscordAlertSink>();
        }

        return services;
    }

    /// <summary><c>POST /discord/interactions</c>.</summary>
    public static IEndpointRouteBuilder MapDiscordEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(DiscordInteractionEndpoint.Path, DiscordInteractionEndpoint.HandleAsync);
        return endpoints;
    }

    /// <summary>Options and the REST client alone (the <c>discord register-commands</c> verb needs no more).</summary>
    internal static IServiceCollection AddDiscordClient(this IServiceCollection services)
    {
        services.AddCheckedOptions<DiscordOptions>(DiscordOptions.Section);
        services.AddSingleton<IValidateOptions<DiscordOptions>, DiscordOptionsValidator>();
        services.AddSingleton<DiscordRateLimiter>();
        services.AddSingleton<DiscordRefusals>();
        services.AddSingleton<DiscordCommandRegistrar>();
        services.AddHttpClient<IDiscordApi, DiscordApi>((sp, client) =>
            {
                var baseUrl = sp.GetRequiredService<IOptions<DiscordOptions>>().Value.ApiBaseUrl.ToString();
                client.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
                client.DefaultRequestHeaders.UserAgent.ParseAdd(DiscordApi.UserAgent);
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            // The sink keeps its client for the process's life: connections are recycled instead of handlers.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // Request URIs of interaction webhooks hold the interaction token: never log them.
            .RemoveAllLoggers();
        return services;
    }
}
