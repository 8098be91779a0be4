namespace PolicyWatchBot.Cli;

/// <summary>
/// The verbs of the <c>policywatch</c> program: <c>run</c> (default), <c>poll --once</c>,
/// <c>feeds</c>, <c>match</c>, <c>chat</c>, <c>discord register-commands</c>, <c>audit export</c>, <c>watchlist import</c> and <c>migrate</c>. Exit codes: 0 success, 1 the work failed, 2 bad usage or input.
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
               policywatch feeds [--dir DIR]              list and validate the feed definitions
               policywatch match --rules FILE [--feed ID] [--format jsonl|text] INPUT...
                                                          offline: run rules over saved feed bodies
               policywatch chat --channel NAME [--user NAME] [--manager] "COMMAND"
                                                          run one /policywatch command in a console channel
               policywatch discord register-commands [--guild ID]
                                                          register /policywatch with Discord (globally, or in one server)
               policywatch audit export [--channel KEY] [--since DATE] [--format csv|jsonl] [--output FILE]
                                                          write the audit log (who, when, channel, action, before, after)
               policywatch watchlist import --channel KEY FILE
                                                          add a CSV of names (name,aliases,country) to a channel's watchlist
               policywatch migrate --from SQLITE_CS --to POSTGRES_CS
                                                          copy a SQLite store into an empty PostgreSQL one, counts verified
               policywatch VERB --help                    that verb's options and exit codes
               policywatch --version                      the version
        configuration: appsettings.json, environment variables (PolicyWatch__Section__Key), --Section:Key=value
        """;

    /// <summary>Each verb with its usage, in the order <see cref="Usage"/> lists them.</summary>
    private static readonly (string Verb, string Usage)[] Verbs =
    [
        ("run", RunVerb.Usage),
        ("poll", PollVerb.Usage),
        ("feeds", FeedsVerb.Usage),
        ("match", MatchVerb.Usage),
        ("chat", ChatVerb.Usage),
        ("discord", DiscordVerb.Usage),
        ("audit", AuditVerb.Usage),
        ("watchlist", WatchlistVerb.Usage),
        ("migrate", MigrateVerb.Usage),
        ("help", "usage: policywatch help [VERB]\n  The verbs, or one verb's options and exit codes."),
    ];

    private static readonly string[] Options = ["--help", "--version"];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        // The first word picks the verb; without one (only configuration overrides, or nothing) it is run.
        var first = args.Length > 0 ? args[0] : "run";
        if (first is "--help" or "-h" or "help")
        {
            return Help(args.Length > 1 && first == "help" ? args[1] : null, output, error);
        }

        if (first is "--version" or "-V")
        {
            await output.WriteLineAsync($"policywatch {Hosting.ProgramVersion.Text}");
            return Ok;
        }

        var verb = first.StartsWith('-') ? "run" : first;
        var rest = args.Length == 0 || first.StartsWith('-') ? args : args[1..];
        if (first.StartsWith('-') && !VerbArguments.IsConfigurationOverride(first, out _))
        {
            return UnknownTopOption(first, error);
        }

        if (Array.FindIndex(Verbs, v => v.Verb == verb) < 0)
        {
            return Unknown(verb, error);
        }

        if (rest.Any(VerbArguments.IsHelp))
        {
            return Help(verb, output, error);
        }

        try
        {
            return verb switch
            {
                "run" => await RunVerb.RunAsync(rest, error),
                "poll" => await PollVerb.RunAsync(rest, output, error),
                "feeds" => await FeedsVerb.RunAsync(rest, output, error),
                "match" => MatchVerb.Run(rest, output, error),
                "chat" => await ChatVerb.RunAsync(rest, output, error),
                "discord" => await DiscordVerb.RunAsync(rest, output, error),
                "audit" => await AuditVerb.RunAsync(rest, output, error),
                "watchlist" => await WatchlistVerb.RunAsync(rest, output, error),
                "migrate" => await MigrateVerb.RunAsync(rest, output, error),
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

    /// <summary>The verbs, or one verb's usage; nothing is started.</summary>
    private static int Help(string? verb, TextWriter output, TextWriter error)
    {
        if (verb is null)
        {
            output.WriteLine(Usage);
            return Ok;
        }

        var index = Array.FindIndex(Verbs, v => v.Verb == verb);
        if (index < 0)
        {
            // 'help rule' is most likely about the chat command of that name.
            error.WriteLine($"the /policywatch commands have their own help: policywatch chat --channel NAME \"help {verb}\"");
            return Unknown(verb, error);
        }

        output.WriteLine(Verbs[index].Usage);
        return Ok;
    }

    private static int Unknown(string verb, TextWriter error)
    {
        var closest = Core.ClosestMatch.Find(verb, Verbs.Select(v => v.Verb));
        error.WriteLine($"unknown verb '{verb}'{(closest is null ? "" : $"; did you mean '{closest}'?")}");
        error.WriteLine(Usage);
        return BadUsage;
    }

    /// <summary>An option before any verb: the closest program option, or the verb that has it (<c>--once</c> is poll's).</summary>
    private static int UnknownTopOption(string option, TextWriter error)
    {
        var closest = Core.ClosestMatch.Find(option, Options);
        var owner = Verbs.FirstOrDefault(v => v.Usage.Contains($"[{option} ", StringComparison.Ordinal) || v.Usage.Contains($" {option} ", StringComparison.Ordinal)).Verb;
        error.WriteLine($"unknown option '{option}'" + (closest is not null
            ? $"; did you mean '{closest}'?"
            : owner is not null ? $"; did you mean 'policywatch {owner} {option}'?" : ""));
        error.WriteLine(Usage);
        return BadUsage;
    }
}
