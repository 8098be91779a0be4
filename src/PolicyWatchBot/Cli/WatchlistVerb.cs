using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PolicyWatchBot.Chat;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Core.Watchlists;

namespace PolicyWatchBot.Cli;

/// <summary>
/// <c>watchlist import --channel KEY FILE</c>: adds the CSV's names to a channel's watchlist, as
/// <c>watch import</c> does in chat (same checks and reply, audited as the operator who runs it).
/// Exit 0 imported, 1 the store failed, 2 bad usage, an unknown channel or a refused file (nothing changed).
/// </summary>
internal static class WatchlistVerb
{
    public const string Usage = """
        usage: policywatch watchlist import --channel KEY FILE [--user NAME] [--Section:Key=value...]
          Adds the names of a CSV file (name,aliases,country; aliases separated by ;) to a channel's
          watchlist, all or nothing; names already watched get the file's aliases and country.
          --channel KEY    platform/workspace/channel of a channel the bot knows, or a console channel's name
          --user NAME      who the audit log says imported it (default: your login name)
          exit: 0 imported, 1 the store failed, 2 bad usage, unknown channel or a refused file (nothing changed), 130 stopped by Ctrl-C or SIGTERM
        """;

    private static readonly string[] Options = ["--channel", "--user"];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, string? contentRoot = null)
    {
        if (args.Length == 0 || args[0] != "import")
        {
            var missing = args.Length == 0 || args[0].StartsWith('-');
            await error.WriteLineAsync((missing ? "watchlist needs a subcommand: import" : $"unknown watchlist subcommand '{args[0]}'; the only one is import") + "\n" + Usage);
            return CommandLine.BadUsage;
        }

        string? channel = null;
        string? file = null;
        var user = Environment.UserName;
        var passThrough = new List<string>();
        for (var i = 1; i < args.Length; i++)
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
                case var option when VerbArguments.IsConfigurationOverride(option, out var valueFollows):
                    passThrough.Add(option);
                    if (valueFollows && i + 1 < args.Length)
                    {
                        passThrough.Add(args[++i]);
                    }

                    break;
                case var option when option.StartsWith('-'):
                    return VerbArguments.UnknownOption("watchlist import", option, Options, Usage, error);
                case var path when file is null:
                    file = path;
                    break;
                default:
                    await error.WriteLineAsync($"watchlist import takes one FILE (got '{args[i]}' after '{file}')\n{Usage}");
                    return CommandLine.BadUsage;
            }
        }

        if (string.IsNullOrWhiteSpace(channel) || file is null || string.IsNullOrWhiteSpace(user))
        {
            await error.WriteLineAsync($"watchlist import needs --channel KEY and a FILE\n{Usage}");
            return CommandLine.BadUsage;
        }

        if (await ReadFileAsync(file, error) is not { } csv)
        {
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
            var store = host.Services.GetRequiredService<IStore>();
            if (await FindChannelAsync(store, channel, stopping) is not { } found)
            {
                await error.WriteLineAsync($"--channel '{channel}' is not a channel the bot knows; give platform/workspace/channel (like slack/T0123/C0456) or a console channel's name; nothing changed");
                return CommandLine.BadUsage;
            }

            var request = new ChatRequest(found.Key, found.Key.Channel, new Caller(new Actor(user, user), HasManageChannelsPermission: true), new ChatCommand.WatchImport(csv));
            var reply = await host.Services.GetRequiredService<WatchlistCommands>()
                .ImportAsync(new CommandContext(request, found.Id), (ChatCommand.WatchImport)request.Command, stopping);
            await (reply.Succeeded ? output : error).WriteLineAsync(reply.ToString());
            return reply.Succeeded ? CommandLine.Ok : CommandLine.BadUsage;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await error.WriteLineAsync("watchlist import stopped before it finished; nothing changed");
            return CommandLine.Interrupted;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await error.WriteLineAsync($"watchlist import failed: {ex.GetType().Name}: {ex.Message}");
            return CommandLine.Failed;
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static async Task<string?> ReadFileAsync(string file, TextWriter error)
    {
        var info = new FileInfo(file);
        if (!info.Exists)
        {
            await error.WriteLineAsync($"there is no file '{file}'; nothing changed");
            return null;
        }

        if (info.Length > WatchlistCsv.MaxBytes)
        {
            await error.WriteLineAsync($"'{file}' is {info.Length:N0} bytes; a watchlist CSV is at most {WatchlistCsv.MaxBytes / 1024 / 1024} MiB; nothing changed");
            return null;
        }

        try
        {
            return await File.ReadAllTextAsync(file, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
        }
        catch (DecoderFallbackException)
        {
            await error.WriteLineAsync($"'{file}' is not UTF-8 text; save the CSV as UTF-8; nothing changed");
            return null;
        }
    }

    /// <summary>A channel by its whole key, else a console channel by name (made when new, as <c>chat --channel</c> does).</summary>
    private static async Task<(long Id, ChannelKey Key)?> FindChannelAsync(IStore store, string typed, CancellationToken cancellationToken)
    {
        var (channels, _) = await store.GetChannelSetupsAsync(cancellationToken);
        if (typed.Contains('/', StringComparison.Ordinal))
        {
            return channels.FirstOrDefault(c => string.Equals(c.Key.ToString(), typed, StringComparison.OrdinalIgnoreCase)) is { } known
                ? (known.ChannelId, known.Key)
                : null;
        }

        var console = ChannelKey.Console(typed);
        return channels.FirstOrDefault(c => c.Key == console) is { } existing
            ? (existing.ChannelId, existing.Key)
            : (await store.EnsureChannelAsync(console, typed, cancellationToken), console);
    }
}
