namespace PolicyWatchBot.Cli;

/// <summary>
/// The verbs of the <c>policywatch</c> program: <c>run</c> (default), <c>poll --once</c>,
/// <c>feeds</c>, <c>match</c>, <c>chat</c>, <c>discord register-commands</c> and <c>audit export</c>. Exit codes: 0 success, 1 the work failed, 2 bad usage or input.
/// </summary>
public static class CommandLine
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadUsage = 2;

    /// <summary>Stopped by Ctrl-C or SIGTERM before the verb finished (the shell's code for an interrupt).</summary>
    public const int Interrupted = 130;

    public const string Usage = """
        usage: policywatch [run]                          run the bot (polls on schedule, serves /healthz and /metrics)
               policywatch poll --once [--feed ID]        poll every feed (or one) now, deliver, exit
               policywatch feeds                          list and validate the feed definitions
               policywatch match --rules FILE [--feed ID] [--format jsonl|text] INPUT...
               policywatch chat --channel NAME [--user NAME] [--manager] "COMMAND"
                                                          run one /policywatch command in a console channel
               policywatch discord register-commands [--guild ID]
                                                          register /policywatch with Discord (globally, or in one server)
               policywatch audit export [--channel KEY] [--since DATE] [--format csv|jsonl] [--output FILE]
                                                          write the audit log (who, when, channel, action, before, after)
        configuration: appsettings.json, environment variables (PolicyWatch__Section__Key), --Key=value
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "run";
        var rest = args.Length > 0 && !args[0].StartsWith('-') ? args[1..] : args;
        try
        {
            return verb switch
            {
                "run" => await RunVerb.RunAsync(rest, error),
                "poll" => await PollVerb.RunAsync(rest, output, error),
                "feeds" => FeedsVerb.Run(rest, output, error),
                "match" => MatchVerb.Run(rest, output, error),
                "chat" => await ChatVerb.RunAsync(rest, output, error),
                "discord" => await DiscordVerb.RunAsync(rest, output, error),
                "audit" => await AuditVerb.RunAsync(rest, output, error),
                "help" or "--help" or "-h" => Help(output),
                _ => Unknown(verb, error),
            };
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException ex)
        {
            await error.WriteLineAsync("configuration is not valid: " + string.Join("; ", ex.Failures));
            return BadUsage;
        }
        catch (Exception ex) when (ex is Hosting.ConfigurationProblemException or Hosting.StartupProblemException)
        {
            await error.WriteLineAsync(ex.Message);
            return BadUsage;
        }
    }

    /// <summary>
    /// The content root: the nearest folder, from the working directory up, holding both
    /// appsettings.json and feeds/ (the repo root under <c>dotnet run</c>, whichever folder it
    /// starts in); else the binary's folder, where publish puts both.
    /// </summary>
    public static string ContentRoot()
    {
        for (var folder = new DirectoryInfo(Directory.GetCurrentDirectory()); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "appsettings.json")) && Directory.Exists(Path.Combine(folder.FullName, "feeds")))
            {
                return folder.FullName;
            }
        }

        return AppContext.BaseDirectory;
    }

    private static int Help(TextWriter output)
    {
        output.WriteLine(Usage);
        return Ok;
    }

    private static int Unknown(string verb, TextWriter error)
    {
        error.WriteLine($"unknown verb '{verb}'");
        error.WriteLine(Usage);
        return BadUsage;
    }
}
