using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Microsoft.Extensions.Options;
using PolicyWatchBot.Channels;
using PolicyWatchBot.Chat;
using PolicyWatchBot.Chat.Slack;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Delivery;
using PolicyWatchBot.Delivery.ConsoleOutput;
using PolicyWatchBot.Feeds;
using PolicyWatchBot.Feeds.Backfill;
using PolicyWatchBot.Feeds.Detail;
using PolicyWatchBot.Feeds.Fetching;
using PolicyWatchBot.Feeds.FullText;
using PolicyWatchBot.Feeds.Lists;
using PolicyWatchBot.Feeds.Parsing;
using PolicyWatchBot.Feeds.Polling;
using PolicyWatchBot.Jobs;
using PolicyWatchBot.Observability;
using PolicyWatchBot.Storage;
using PolicyWatchBot.Storage.Sqlite;
using Quartz;

namespace PolicyWatchBot.Hosting;

public static class PolicyWatchServiceCollectionExtensions
{
    /// <summary>Everything both the worker and the one-shot verbs need: store, feeds, poller, outbox.</summary>
    public static IServiceCollection AddPolicyWatchCore(this IServiceCollection services, IConfiguration configuration, string contentRoot, TextWriter consoleOutput)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(InstanceIdentity.From(configuration));
        services.AddPolicyWatchStore(contentRoot);
        services.AddCheckedOptions<FeedOptions>(FeedOptions.Section);
        services.AddCheckedOptions<DispatcherOptions>(DispatcherOptions.Section);

        services.AddSingleton(sp => FeedCatalogLoader.Load(Path.GetFullPath(sp.GetRequiredService<IOptions<FeedOptions>>().Value.Directory, contentRoot)));

        services.AddHttpClient<FeedFetcher>((sp, client) =>
            {
                client.DefaultRequestHeaders.UserAgent.ParseAdd(sp.GetRequiredService<IOptions<FeedOptions>>().Value.UserAgent);
                client.DefaultRequestHeaders.Accept.ParseAdd("application/json, application/atom+xml, application/rss+xml, application/xml;q=0.9, text/html;q=0.8, */*;q=0.5");
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All, AllowAutoRedirect = false })
            .AddResilienceHandler("feed-get", (pipeline, context) =>
            {
                var feedOptions = context.ServiceProvider.GetRequiredService<IOptions<FeedOptions>>().Value;
                if (feedOptions.Retries > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = feedOptions.Retries,
                        Delay = TimeSpan.FromSeconds(2),
                        BackoffType = Polly.DelayBackoffType.Exponential,
                        UseJitter = true,
                    });
                }
            });

        services.AddSingleton<FeedSecrets>();
        services.AddTransient<ItemDetailReader>();
        services.AddTransient<DocumentTextReader>();
        services.AddTransient<HistoryBackfill>();
        services.AddTransient(sp => new ListVersionReader(sp.GetRequiredService<IStore>()));
        services.AddSingleton<FeedParser>();
        services.AddSingleton<ChannelDirectoryCache>();
        services.AddSingleton<OutboxSignal>();
        services.AddPolicyWatchMetrics();
        services.AddTransient<FeedHealthWatch>();
        services.AddTransient<IFeedPoller, FeedPoller>();
        services.AddSingleton<ConsoleChannelSetup>();
        services.AddSingleton<IAlertSink>(new ConsoleAlertSink(consoleOutput));
        services.AddSingleton<HeldAlertRelease>();
        services.AddSingleton<DigestRelease>();
        services.AddSingleton<TimedPosts>();
        services.AddSingleton<TimedPostsSignal>();
        services.AddSingleton<AlertDispatcher>();
        services.AddPolicyWatchChat(configuration);
        services.AddHostedService<StartupTasks>();
        return services;
    }

    /// <summary>
    /// A section's values as the scheduler is configured from them, before the host is built. A value
    /// that does not read leaves the defaults here: the start-up check refuses it, naming the key,
    /// before the scheduler is built.
    /// </summary>
    private static T ReadOrDefault<T>(IConfiguration configuration, string section) where T : class, new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException)
        {
            return new T();
        }
    }

    /// <summary>The long-running worker: Quartz schedules per feed and for digests and reminders, the dispatcher loop, the metrics export.</summary>
    public static IServiceCollection AddPolicyWatchWorker(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPolicyWatchMetricsExport(configuration);
        services.AddCheckedOptions<ClusterOptions>(ClusterOptions.Section);
        var storage = ReadOrDefault<StorageOptions>(configuration, StorageOptions.Section);
        var cluster = ReadOrDefault<ClusterOptions>(configuration, ClusterOptions.Section);
        var instance = InstanceIdentity.From(configuration);
        services.AddQuartz(q => SchedulerStore.Configure(q, storage, cluster, instance.Id));
        services.AddHostedService<FeedScheduler>();
        services.AddSingleton<TimedPostsScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<TimedPostsScheduler>());
        services.AddQuartzHostedService(o =>
        {
            o.WaitForJobsToComplete = true;
        });
        services.AddHostedService(sp => sp.GetRequiredService<AlertDispatcher>());
        services.AddPolicyWatchSlackWorker();
        return services;
    }
}
