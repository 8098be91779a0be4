using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PolicyWatchBot.Chat.Discord;
using PolicyWatchBot.Hosting;

namespace PolicyWatchBot.Cli;

/// <summary>
/// <c>discord register-commands [--guild ID]</c>: registers <c>/policywatch</c> with Discord
/// (one bulk overwrite; running it again changes nothing). Globally by default; with a guild id in
/// that server only, where it shows at once. Exit 0 when Discord took it, 1 when Discord refused or
/// did not answer, 2 on bad usage or when Discord is not configured.
/// </summary>
internal static class DiscordVerb
{
    public const string Usage = """
        usage: policywatch discord register-commands [--guild ID] [--Section:Key=value...]
          Registers /policywatch (subcommands, typed options, autocomplete) with Discord, globally or in one
          server, where it shows at once; running it again changes nothing. Needs PolicyWatch:Discord:BotToken,
          PublicKey and ApplicationId.
          --guild ID   register in this server only (Developer Mode, right-click the server, Copy Server ID)
          exit: 0 registered, 1 Discord refused or did not answer, 2 bad usage or Discord not configured
        """;

    private static readonly string[] Options = ["--guild", "--help"];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, string? contentRoot = null)
    {
        if (args.Length == 0 || args[0] != "register-commands")
        {
            var closest = args.Length == 0 ? null : Core.ClosestMatch.Find(args[0], ["register-commands"]);
            await error.WriteLineAsync((args.Length == 0
                ? "discord needs a subcommand: register-commands"
                : $"unknown discord subcommand '{args[0]}'{(closest is null ? "; the only one is register-commands" : $"; did you mean '{closest}'?")}") + "\n" + Usage);
            return CommandLine.BadUsage;
        }

        string? guild = null;
        var passThrough = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--guild" when i + 1 < args.Length && ulong.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out _):
                    guild = args[++i];
                    break;
                case "--guild":
                    await error.WriteLineAsync($"--guild needs a server id (a number; Developer Mode → right-click the server → Copy Server ID)\n{Usage}");
                    return CommandLine.BadUsage;
                case var option when VerbArguments.IsConfigurationOverride(option, out var valueFollows):
                    passThrough.Add(option);
                    if (valueFollows && i + 1 < args.Length)
                    {
                        passThrough.Add(args[++i]);
                    }

                    break;
                case var option when option.StartsWith('-'):
                    return VerbArguments.UnknownOption("discord register-commands", option, Options, Usage, error);
                default:
                    await error.WriteLineAsync($"unexpected '{args[i]}'\n{Usage}");
                    return CommandLine.BadUsage;
            }
        }

        var root = contentRoot ?? CommandLine.ContentRoot();
        using var host = ConfigurationFiles.Load(root, () => Build(passThrough, root));
        ConfigurationCheck.ThrowIfInvalid(host.Services);
        await host.StartAsync();
        var stopping = OneShotHost.Stopping(host);
        try
        {
            if (!host.Services.GetRequiredService<IOptions<DiscordOptions>>().Value.IsConfigured)
            {
                await error.WriteLineAsync("Discord is not configured: set PolicyWatch:Discord:BotToken, PublicKey and ApplicationId (see docs/discord.md)");
                return CommandLine.BadUsage;
            }

            var result = await host.Services.GetRequiredService<DiscordCommandRegistrar>().RegisterAsync(guild, stopping);
            if (!result.IsOk)
            {
                await error.WriteLineAsync($"registering /policywatch failed: {result.Reason}");
                return CommandLine.Failed;
            }

            await output.WriteLineAsync(guild is null
                ? "Registered /policywatch globally (new servers may take a few minutes to show it)."
                : $"Registered /policywatch in server {guild}.");
            return CommandLine.Ok;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await error.WriteLineAsync("discord register-commands stopped (Ctrl-C or SIGTERM) before Discord answered; run it again");
            return CommandLine.Interrupted;
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>Configuration and the Discord client only: no store, no feeds.</summary>
    private static IHost Build(List<string> args, string contentRoot)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [.. args], ContentRootPath = contentRoot });
        OneShotHost.LogQuietly(builder);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddDiscordClient();
        return builder.Build();
    }
}
