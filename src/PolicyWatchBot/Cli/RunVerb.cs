using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using PolicyWatchBot.Chat.Discord;
using PolicyWatchBot.Chat.Slack;
using PolicyWatchBot.Endpoints;
using PolicyWatchBot.Hosting;

namespace PolicyWatchBot.Cli;

/// <summary><c>run</c>: the worker, with the HTTP endpoints.</summary>
internal static class RunVerb
{
    private const string DefaultUrls = "http://127.0.0.1:5080";

    public static async Task<int> RunAsync(string[] args)
    {
        var app = Build(args, Console.Out);
        await app.RunAsync();
        return CommandLine.Ok;
    }

    public static WebApplication Build(string[] args, TextWriter consoleOutput, string? contentRoot = null)
    {
        var root = contentRoot ?? CommandLine.ContentRoot();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = root });
        if (string.IsNullOrEmpty(builder.Configuration["Urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrls);
        }

        // Ctrl-C and SIGTERM stop the worker within seconds: polls and sends are cancelled (what
        // a send got back is still recorded), so nothing needs long; this bounds what does not listen.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(4));
        builder.Services.AddPolicyWatchCore(builder.Configuration, root, consoleOutput).AddPolicyWatchWorker();

        var app = builder.Build();
        app.MapHealthEndpoints();
        app.MapSlackEndpoints();
        app.MapDiscordEndpoints();
        return app;
    }
}
