using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PolicyWatchBot.Delivery;
using PolicyWatchBot.Feeds;
using PolicyWatchBot.Feeds.Polling;

namespace PolicyWatchBot.Cli;

/// <summary>
/// <c>poll --once [--feed ID]</c>: poll now (ignoring backoff), deliver what was queued, exit.
/// Exit 0 when at least one feed polled, 1 when every feed failed, 2 on bad usage, 130 when stopped.
/// </summary>
internal static class PollVerb
{
    public const string Usage = """
        usage: policywatch poll --once [--feed ID] [--Section:Key=value...]
          Polls every feed (or one) now, ignoring backoff, delivers the alerts it queued (waiting up to
          PolicyWatch:Dispatcher:DrainWait for posts due soon, then listing what still waits), and exits.
          --once       required: poll runs once and exits (the scheduled worker is 'run')
          --feed ID    poll only this feed ('policywatch feeds' lists them)
          exit: 0 polled, 1 every feed failed, 2 bad usage or configuration, 130 stopped by Ctrl-C or SIGTERM
        """;

    private static readonly string[] Options = ["--once", "--feed", "--help"];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, string? contentRoot = null)
    {
        string? feedId = null;
        var once = false;
        var passThrough = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--once":
                    once = true;
                    break;
                case "--feed" when i + 1 < args.Length:
                    feedId = args[++i];
                    break;
                case "--feed":
                    await error.WriteLineAsync($"--feed needs a feed id\n{Usage}");
                    return CommandLine.BadUsage;
                case var option when VerbArguments.IsConfigurationOverride(option, out var valueFollows):
                    passThrough.Add(option);
                    if (valueFollows && i + 1 < args.Length)
                    {
                        passThrough.Add(args[++i]);
                    }

                    break;
                case var option when option.StartsWith('-'):
                    return VerbArguments.UnknownOption("poll", option, Options, Usage, error);
                default:
                    await error.WriteLineAsync($"unexpected '{args[i]}': poll takes no words (a feed is given with --feed ID)\n{Usage}");
                    return CommandLine.BadUsage;
            }
        }

        if (!once)
        {
            await error.WriteLineAsync($"poll runs once and exits: write 'poll --once' (the scheduled worker is 'run')\n{Usage}");
            return CommandLine.BadUsage;
        }

        using var host = await OneShotHost.StartAsync(passThrough, output, error, contentRoot);
        if (host is null)
        {
            return CommandLine.BadUsage;
        }

        var stopping = OneShotHost.Stopping(host);
        try
        {
            var catalog = host.Services.GetRequiredService<FeedCatalog>();
            var feeds = catalog.Feeds;
            if (feedId is not null)
            {
                var feed = catalog.Find(feedId);
                if (feed is null)
                {
                    await error.WriteLineAsync($"unknown feed '{feedId}'; known feeds: {string.Join(", ", catalog.Feeds.Select(f => f.Id))}");
                    return CommandLine.BadUsage;
                }

                feeds = [feed];
            }

            var poller = host.Services.GetRequiredService<IFeedPoller>();
            var reports = new List<PollReport>();
            foreach (var feed in feeds)
            {
                reports.Add(await poller.PollAsync(feed, ignoreBackoff: true, stopping));
            }

            var waiting = await host.Services.GetRequiredService<AlertDispatcher>().DrainAsync(stopping);
            foreach (var report in reports)
            {
                await error.WriteLineAsync(report.Succeeded ? Summary(report) : $"{report.Error}");
            }

            await WaitingReport.WriteAsync(error, waiting);
            return reports.Count > 0 && reports.All(r => !r.Succeeded) ? CommandLine.Failed : CommandLine.Ok;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await WaitingReport.WriteStoppedAsync(error, "poll --once");
            return CommandLine.Interrupted;
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>
    /// <c>fr-bis: Polled, 20 items, 3 new, 0 changed, 2 alerts; matched for 12 channels (3 items tokenized, 41 rule evaluations)</c>.
    /// </summary>
    private static string Summary(PollReport report)
    {
        var line = $"{report.Feed}: {report.Outcome}, {report.Items} items, {report.New} new, {report.Changed} changed, {report.AlertsQueued} alerts";
        if (report.Statistics is { Subscribers: > 0 } work)
        {
            line += $"; matched for {work.Subscribers} channels ({work.ItemsTokenized} items tokenized, {work.RuleEvaluations} rule evaluations)";
        }

        if (report.FailedItems > 0)
        {
            line += $"; {report.FailedItems} items failed and are tried again next poll";
        }

        if (report.WaitingForText > 0)
        {
            line += $"; {report.WaitingForText} documents wait for their full text until the next poll";
        }

        if (report.BeforeAlertWindow > 0)
        {
            line += $"; {report.BeforeAlertWindow} items older than the alert window stored without alerts";
        }

        if (report.ListBaseline is { } baseline)
        {
            line += $"; first load of the list: {baseline} entities stored as its baseline, without alerts";
        }

        if (report.Backfill is { } backfill)
        {
            line += $"; history backfill: {backfill.Stored} documents stored without alerts, {backfill.State.Describe()}";
        }

        return line;
    }
}
