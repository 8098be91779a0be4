using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PolicyWatchBot.Chat.Discord;
using PolicyWatchBot.Chat.Slack;
using PolicyWatchBot.Endpoints;
using PolicyWatchBot.Hosting;

namespace PolicyWatchBot.Cli;

/// <summary><c>run</c>: the worker, with the HTTP endpoints.</summary>
internal static class RunVerb
{
    public const string Usage = """
        usage: policywatch [run] [--Section:Key=value...]
          The bot: polls every feed on its schedule (and once shortly after start), delivers alerts, and
          serves /healthz, /metrics and the Slack and Discord endpoints on Urls (default http://127.0.0.1:5080)
          until Ctrl-C or SIGTERM. One run per database file; see README.md for every key.
          exit: 0 stopped, 2 bad configuration, an unusable database, an address in use or another run on the file
        """;

    private const string DefaultUrls = "http://127.0.0.1:5080";

    private static readonly string[] Options = ["--help", "--urls"];

    /// <summary>
    /// Checks what would stop the worker before anything is written (configuration, database
    /// file, listen addresses, another run on the same file), then runs until Ctrl-C or SIGTERM.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter error, string? contentRoot = null)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (VerbArguments.IsConfigurationOverride(args[i], out var valueFollows))
            {
                i += valueFollows ? 1 : 0;
            }
            else
            {
                return args[i].StartsWith('-')
                    ? VerbArguments.UnknownOption("run", args[i], Options, Usage, error)
                    : BadWord(args[i], error);
            }
        }

        var root = contentRoot ?? CommandLine.ContentRoot();
        WebApplication app;
        InstanceLock? instance = null;
        try
        {
            app = ConfigurationFiles.Load(root, () => Build(args, Console.Out, root));
        }
        catch (StartupProblemException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return CommandLine.BadUsage;
        }

        await using (app)
        {
            try
            {
                var database = StartupChecks.ThrowIfCannotStart(app.Services);
                ListenAddressCheck.ThrowIfInUse(app.Configuration[WebHostDefaults.ServerUrlsKey] ?? DefaultUrls);
                instance = database is null ? null : InstanceLock.Acquire(database);
                await app.RunAsync();
                return CommandLine.Ok;
            }
            catch (Exception ex) when (ex is ConfigurationProblemException or StartupProblemException)
            {
                await error.WriteLineAsync(ex.Message);
                return CommandLine.BadUsage;
            }
            catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                // Another program took the port between the check and the start.
                await error.WriteLineAsync($"{ex.Message.TrimEnd('.')} (Urls); stop that program, or listen elsewhere with --Urls=http://127.0.0.1:5081");
                return CommandLine.BadUsage;
            }
            finally
            {
                instance?.Dispose();
            }
        }
    }

    private static int BadWord(string word, TextWriter error)
    {
        error.WriteLine($"unexpected '{word}': run takes only configuration overrides such as --Urls=http://127.0.0.1:5081\n{Usage}");
        return CommandLine.BadUsage;
    }

    /// <param name="time">The clock; tests give a shifted one to reach a date without waiting for it.</param>
    public static WebApplication Build(string[] args, TextWriter consoleOutput, string? contentRoot = null, TimeProvider? time = null)
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
        builder.Services.AddIsoUtcLogTimestamps();
        builder.Services.AddPolicyWatchCore(builder.Configuration, root, consoleOutput).AddPolicyWatchWorker(builder.Configuration);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }


        var app = builder.Build();
        app.MapHealthEndpoints();
        app.MapSlackEndpoints();
        app.MapDiscordEndpoints();
        return app;
    }
}
