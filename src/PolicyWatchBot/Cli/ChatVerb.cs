using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PolicyWatchBot.Chat;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Delivery;

namespace PolicyWatchBot.Cli;

/// <summary>
/// <c>chat --channel NAME [--user NAME] [--manager] TEXT</c>: runs one <c>/policywatch</c> command
/// in the console channel (<c>console</c>, <c>local</c>, NAME) against the configured store, prints
/// the reply, then delivers what the command queued (an updated alert, a mute's summary). Exit 0
/// when it ran, 2 when it was refused or malformed (nothing changed), 1 when the store failed.
/// </summary>
internal static class ChatVerb
{
    public const string Usage = """
        usage: policywatch chat --channel NAME [--user NAME] [--manager] "COMMAND TEXT" [--Section:Key=value...]
          Runs one /policywatch command ('help' lists them) in the console channel NAME, prints the reply,
          and delivers what it queued. A new NAME makes a new channel; one that differs from an existing
          channel only in case or a leading '#' is refused with the existing name.
          --channel NAME   the console channel (the configured one is 'console')
          --user NAME      who types the command (default: your login name)
          --manager        type it as a manager (allowed to change the channel's setup)
          exit: 0 done, 1 the store failed, 2 refused or malformed (nothing changed), 130 stopped by Ctrl-C or SIGTERM
        """;

    private static readonly string[] Options = ["--channel", "--user", "--manager", "--help"];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, string? contentRoot = null)
    {
        string? channel = null;
        var user = Environment.UserName;
        var manager = false;
        var words = new List<string>();
        var passThrough = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--channel" or "--user" when i + 1 >= args.Length:
                    await error.WriteLineAsync($"{args[i]} needs a value\n{Usage}");
                    return CommandLine.BadUsage;
                case "--channel":
                    channel = args[++i];
                    break;
                case "--user":
                    user = args[++i];
                    break;
                case "--manager":
                    manager = true;
                    break;
                case var option when VerbArguments.IsConfigurationOverride(option, out var valueFollows):
                    passThrough.Add(option);
                    if (valueFollows && i + 1 < args.Length)
                    {
                        passThrough.Add(args[++i]);
                    }

                    break;
                // Before the command's first word an option must be the verb's; after it, it is the command's own (rule test --days 7 ...).
                case var option when words.Count == 0 && option.StartsWith('-'):
                    return VerbArguments.UnknownOption("chat", option, Options, Usage, error);
                default:
                    words.Add(args[i]);
                    break;
            }
        }

        if (string.IsNullOrWhiteSpace(channel) || string.IsNullOrWhiteSpace(user))
        {
            await error.WriteLineAsync($"chat needs --channel NAME (and a non-empty --user)\n{Usage}");
            return CommandLine.BadUsage;
        }

        using var host = await OneShotHost.StartAsync(passThrough, output, error, contentRoot, quiet: true);
        if (host is null)
        {
            return CommandLine.BadUsage;
        }

        var stopping = OneShotHost.Stopping(host);
        try
        {
            if (await NearMissAsync(host.Services.GetRequiredService<IStore>(), channel, stopping) is { } existing)
            {
                await error.WriteLineAsync($"there is no console channel '{channel}'; did you mean '{existing}'? (channel names are exact; nothing changed)");
                return CommandLine.BadUsage;
            }

            var caller = new Caller(new Actor(user, user), HasManageChannelsPermission: manager);
            var reply = await host.Services.GetRequiredService<ConversationHandler>()
                .HandleTextAsync(ChannelKey.Console(channel), channel, caller, string.Join(' ', words), stopping);
            await output.WriteLineAsync(reply.ToString());
            await WaitingReport.WriteAsync(error, await host.Services.GetRequiredService<AlertDispatcher>().DrainAsync(stopping));
            return reply.Succeeded ? CommandLine.Ok : CommandLine.BadUsage;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await WaitingReport.WriteStoppedAsync(error, "chat");
            return CommandLine.Interrupted;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The store or the outbox failed (a locked or unwritable database): say so in one line.
            await error.WriteLineAsync($"chat failed: {ex.GetType().Name}: {ex.Message}");
            return CommandLine.Failed;
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>
    /// An existing console channel the name differs from only in case or a leading '#' (a typo
    /// that would otherwise make a second, empty channel); null when the name exists or is new.
    /// </summary>
    private static async Task<string?> NearMissAsync(IStore store, string name, CancellationToken cancellationToken)
    {
        var (channels, _) = await store.GetChannelSetupsAsync(cancellationToken);
        var console = channels.Select(c => c.Key).Where(k => k == ChannelKey.Console(k.Channel)).Select(k => k.Channel).ToList();
        if (console.Contains(name, StringComparer.Ordinal))
        {
            return null;
        }

        var bare = name.TrimStart('#');
        return console.FirstOrDefault(c => string.Equals(c.TrimStart('#'), bare, StringComparison.OrdinalIgnoreCase));
    }
}
