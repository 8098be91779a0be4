using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PolicyWatchBot.Delivery;
using PolicyWatchBot.Hosting;

namespace PolicyWatchBot.Chat.Slack;

/// <summary>The Slack adapter: registered always, active only when its credentials are configured.</summary>
public static class SlackServiceCollectionExtensions
{
    /// <summary>Options, client, renderer, inbound handling and (with a bot token) the alert sink; used by the worker and the one-shot verbs.</summary>
    public static IServiceCollection AddPolicyWatchSlack(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SlackOptions.Section);
        services.AddCheckedOptions<SlackOptions>(section)
            .PostConfigure(options => BindManagers(options, section.GetSection(nameof(SlackOptions.Managers))));
        services.AddSingleton<IValidateOptions<SlackOptions>, SlackCredentialsValidator>();

        services.AddHttpClient<ISlackApi, SlackApi>((sp, client) =>
            {
                client.BaseAddress = sp.GetRequiredService<IOptions<SlackOptions>>().Value.ApiBaseUrl;
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("PolicyWatchBot/1.0");
            })
            // The sink and the Socket Mode service are singletons holding the client: connections are
            // recycled by the handler instead, so DNS changes are still seen.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // A response_url is a bearer secret in its path: request URIs are never logged.
            .RemoveAllLoggers();

        services.AddSingleton<SlackChannelPacer>();
        services.AddSingleton<SlackOutcomes>();
        services.AddSingleton<SlackReplies>();
        services.AddSingleton<SlackInteractions>();
        services.AddSingleton<SlackRequestVerifier>();
        if (!string.IsNullOrWhiteSpace(section[nameof(SlackOptions.BotToken)]))
        {
            services.AddSingleton<IAlertSink, SlackAlertSink>();
        }

        return services;
    }

    /// <summary>What only the long-running worker needs: the token check at start and Socket Mode (each idle unless configured).</summary>
    public static IServiceCollection AddPolicyWatchSlackWorker(this IServiceCollection services)
    {
        services.AddHostedService<SlackTokenCheck>();
        services.AddHostedService<SlackSocketMode>();
        return services;
    }

    /// <summary><c>POST /slack/commands</c> and <c>POST /slack/interactions</c>, when a signing secret is configured.</summary>
    public static IEndpointRouteBuilder MapSlackEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<SlackOptions>>().Value;
        if (options.IsConfigured && !string.IsNullOrWhiteSpace(options.SigningSecret))
        {
            SlackEndpoints.Map(endpoints);
        }

        return endpoints;
    }

    /// <summary>A list (<c>Managers:0</c>, <c>Managers:1</c>) or one comma-separated string; replaces what the binder made of it.</summary>
    private static void BindManagers(SlackOptions options, IConfigurationSection managers)
    {
        var values = managers.Value is { } single ? single.Split(',') : managers.GetChildren().Select(c => c.Value ?? "");
        options.Managers.Clear();
        foreach (var id in values.Select(v => v.Trim()).Where(v => v.Length > 0))
        {
            options.Managers.Add(id);
        }
    }
}
