using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PolicyWatchBot.Chat;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Commands;
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
    public const string Usage = "usage: policywatch chat --channel NAME [--user NAME] [--manager] \"COMMAND TEXT\"";

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
                case var option when option.StartsWith("--", StringComparison.Ordinal) && option.Contains('=', StringComparison.Ordinal):
                    passThrough.Add(option);
                    break;
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
}
