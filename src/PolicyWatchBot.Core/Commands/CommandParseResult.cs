using System.Diagnostics.CodeAnalysis;

namespace PolicyWatchBot.Core.Commands;

/// <summary>
/// The outcome of <see cref="CommandParser.Parse"/>: a command, or a one-line error with the usage
/// line of the closest verb (null when no verb is close).
/// </summary>
public sealed class CommandParseResult
{
    private CommandParseResult(ChatCommand? command, string? error, string? usage)
    {
        Command = command;
        Error = error;
        Usage = usage;
    }

    public ChatCommand? Command { get; }

    public string? Error { get; }

    public string? Usage { get; }

    [MemberNotNullWhen(true, nameof(Command))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Command is not null;

    public static CommandParseResult Success(ChatCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return new(command, null, null);
    }

    public static CommandParseResult Failure(string error, string? usage) => new(null, error, usage);

    public override string ToString() => IsSuccess ? Command.ToString() : Usage is null ? Error : $"{Error} (usage: {Usage})";
}
