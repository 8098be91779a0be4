using PolicyWatchBot.Core;

namespace PolicyWatchBot.Cli;

/// <summary>
/// What every verb's command line shares: configuration overrides (<c>--Section:Key=value</c>)
/// pass through to the host; any other option the verb does not know is refused with the closest one it does.
/// </summary>
internal static class VerbArguments
{
    /// <summary>Host settings that may be given without a section, as .NET hosts take them.</summary>
    private static readonly string[] HostKeys = ["urls", "environment", "contentRoot"];

    /// <summary>
    /// A configuration override: <c>--Key=value</c>, <c>--Section:Key=value</c>, or
    /// <c>--Section:Key value</c> (and <c>--urls value</c>), whose value is then the next argument.
    /// </summary>
    public static bool IsConfigurationOverride(string arg, out bool valueFollows)
    {
        valueFollows = false;
        if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
        {
            return false;
        }

        if (arg.Contains('=', StringComparison.Ordinal))
        {
            return true;
        }

        valueFollows = arg.Contains(':', StringComparison.Ordinal) || HostKeys.Contains(arg[2..], StringComparer.OrdinalIgnoreCase);
        return valueFollows;
    }

    /// <summary>Says the option is unknown, with the closest known one when there is one, then the verb's usage; returns exit code 2.</summary>
    public static int UnknownOption(string verb, string option, IEnumerable<string> known, string usage, TextWriter error)
    {
        var closest = ClosestMatch.Find(option, known);
        error.WriteLine($"unknown option '{option}' for {verb}{(closest is null ? "" : $"; did you mean '{closest}'?")}");
        error.WriteLine(usage);
        return CommandLine.BadUsage;
    }

    public static bool IsHelp(string arg) => arg is "--help" or "-h";
}
