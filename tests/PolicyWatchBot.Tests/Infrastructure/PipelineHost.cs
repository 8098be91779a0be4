using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Delivery;
using PolicyWatchBot.Feeds;
using PolicyWatchBot.Feeds.Polling;
using PolicyWatchBot.Hosting;

namespace PolicyWatchBot.Tests.Infrastructure;

/// <summary>
/// The real services (store, fetcher, parsers, poller, dispatcher, console sink) over a real SQLite
/// file and a folder of feed definitions, built the way the host builds them. Dispose and build
/// another on the same database to simulate a restart.
/// </summary>
public sealed class PipelineHost : IAsyncDisposable
{
    private readonly IHost _host;

    private PipelineHost(IHost host, StringWriter console)
    {
        _host = host;
        Console = console;
    }

    public StringWriter Console { get; }

    public IServiceProvider Services => _host.Services;

    internal IStore Store => Services.GetRequiredService<IStore>();

    internal FeedCatalog Catalog => Services.GetRequiredService<FeedCatalog>();

    internal IFeedPoller Poller => Services.GetRequiredService<IFeedPoller>();

    internal AlertDispatcher Dispatcher => Services.GetRequiredService<AlertDispatcher>();

    /// <summary>Builds and starts the services (migrations and console channel set-up run).</summary>
    public static async Task<PipelineHost> StartAsync(
        TempSqliteDatabase database,
        string feedsDirectory,
        IDictionary<string, string?>? settings = null,
        TimeProvider? time = null,
        ILoggerProvider? logs = null)
    {
        var console = new StringWriter();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = database.Folder, DisableDefaults = true });
        var config = new Dictionary<string, string?>
        {
            ["PolicyWatch:Storage:ConnectionString"] = database.ConnectionString,
            ["PolicyWatch:Feeds:Directory"] = feedsDirectory,
            ["PolicyWatch:Feeds:Retries"] = "0",
            ["PolicyWatch:Feeds:Timeout"] = "00:00:05",
            ["PolicyWatch:Console:Feeds"] = "all",
            [WideAlertWindow.Key] = WideAlertWindow.Value,
            [NoBackfill.Key] = NoBackfill.Value,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(config);
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
        }

        builder.Services.AddPolicyWatchCore(builder.Configuration, database.Folder, console);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        var host = builder.Build();
        await host.StartAsync(Fixtures.Timeout());
        return new PipelineHost(host, console);
    }

    internal FeedDefinition Feed(string id) => Catalog.Find(id) ?? throw new InvalidOperationException($"no feed {id}");

    internal Task<PollReport> PollAsync(string feedId) => Poller.PollAsync(Feed(feedId), ignoreBackoff: true, Fixtures.Timeout());

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(Fixtures.Timeout());
        _host.Dispose();
    }
}
