namespace PolicyWatchBot.Hosting;

/// <summary>Configuration the bot cannot start with; the message lists every problem, one per line.</summary>
public sealed class ConfigurationProblemException(IReadOnlyList<string> problems)
    : Exception("configuration is not valid:\n  " + string.Join("\n  ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
