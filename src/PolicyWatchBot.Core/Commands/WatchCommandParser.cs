using PolicyWatchBot.Core.Watchlists;

namespace PolicyWatchBot.Core.Commands;

/// <summary>
/// <c>watch add NAME [--alias A]... [--country CC]</c>, <c>watch remove NAME</c>, <c>watch test NAME</c>, <c>watch import CSV</c> and <c>watch threshold SCORE</c>. A name is every word up to the first flag
/// (quotes optional), so company names with spaces and commas need no escaping.
/// </summary>
internal static class WatchCommandParser
{
    public const string AliasFlag = "--alias";
    public const string CountryFlag = "--country";

    public static CommandParseResult Parse(CommandReader reader, string typedVerb)
    {
        var sub = reader.NextWord();
        return sub?.ToLowerInvariant() switch
        {
            null => CommandParseResult.Failure("'watch' needs add, remove, test, import or threshold; 'watchlist' shows the names watched here", null),
            "add" => ParseAdd(reader),
            "remove" => ParseName(reader, "watch remove", name => new ChatCommand.WatchRemove(name)),
            "test" => ParseName(reader, "watch test", name => new ChatCommand.WatchTest(name)),
            "import" => ParseImport(reader),
            "threshold" => ParseThreshold(reader),
            _ => CommandParseResult.Failure(
                $"unknown command '{CommandParser.Echo(typedVerb + " " + sub)}'; use watch add, watch remove, watch test, watch import, watch threshold, or watchlist", null),
        };
    }

    /// <summary>An entry from the name and flags as typed (also what a Discord <c>watch add</c> is read as).</summary>
    public static CommandParseResult ParseAdd(CommandReader reader)
    {
        const string Verb = "watch add";
        var name = new List<string>();
        var aliases = new List<string>();
        string? country = null;
        List<string>? current = name;
        string? flag = null;
        while (reader.NextWord() is { } word)
        {
            if (word.StartsWith("--", StringComparison.Ordinal))
            {
                if (flag is not null && current!.Count == 0)
                {
                    return CommandParser.Invalid(Verb, $"{flag} needs a value");
                }

                Close(flag, current!, aliases, ref country);
                flag = word.ToLowerInvariant();
                if (flag is not (AliasFlag or CountryFlag))
                {
                    return CommandParser.Invalid(Verb, $"'{CommandParser.Echo(word)}' is not an option of 'watch add'; the options are {AliasFlag} and {CountryFlag}");
                }

                if (flag == CountryFlag && country is not null)
                {
                    return CommandParser.Invalid(Verb, $"{CountryFlag} is given twice");
                }

                current = [];
                continue;
            }

            current!.Add(word);
        }

        if (flag is not null && current!.Count == 0)
        {
            return CommandParser.Invalid(Verb, $"{flag} needs a value");
        }

        Close(flag, current!, aliases, ref country);
        if (name.Count == 0)
        {
            return CommandParser.Invalid(Verb, "'watch add' needs the name to watch");
        }

        var (entry, error) = WatchlistLimits.Entry(string.Join(' ', name), aliases, country);
        return entry is null ? CommandParser.Invalid(Verb, error!) : CommandParser.Success(new ChatCommand.WatchAdd(entry));
    }

    private static void Close(string? flag, List<string> words, List<string> aliases, ref string? country)
    {
        if (flag == AliasFlag)
        {
            aliases.Add(string.Join(' ', words));
        }
        else if (flag == CountryFlag)
        {
            country = string.Join(' ', words);
        }
    }

    private static CommandParseResult ParseName(CommandReader reader, string verb, Func<string, ChatCommand> create)
    {
        var typed = reader.Rest();
        if (typed.Length == 0)
        {
            return CommandParser.Invalid(verb, $"'{verb}' needs a name");
        }

        var (name, error) = WatchlistLimits.Name(typed);
        return name is null ? CommandParser.Invalid(verb, error!) : CommandParser.Success(create(name));
    }

    private static CommandParseResult ParseImport(CommandReader reader)
    {
        var csv = reader.Rest();
        return csv.Length == 0
            ? CommandParser.Invalid("watch import", "'watch import' needs the CSV rows after it (name,aliases,country; aliases separated by ;), or on Discord a CSV file")
            : CommandParser.Success(new ChatCommand.WatchImport(csv));
    }

    private static CommandParseResult ParseThreshold(CommandReader reader)
    {
        const string Verb = "watch threshold";
        var range = $"{WatchThreshold.Show(WatchThreshold.Min)} to {WatchThreshold.Show(WatchThreshold.Max)}";
        if (reader.NextWord() is not { } typed)
        {
            return CommandParser.Invalid(Verb, $"'watch threshold' needs a score from {range} (default {WatchThreshold.Show(WatchThreshold.Default)})");
        }

        if (WatchThreshold.Parse(typed) is not { } threshold)
        {
            return CommandParser.Invalid(Verb, $"'{CommandParser.Echo(typed)}' is not a score from {range}");
        }

        return reader.NextWord() is { } extra
            ? CommandParser.Invalid(Verb, $"'watch threshold' takes one score (got '{CommandParser.Echo(extra)}' after it)")
            : CommandParser.Success(new ChatCommand.WatchThreshold(threshold));
    }
}
