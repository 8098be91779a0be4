namespace PolicyWatchBot.Core.Commands;

/// <summary>
/// One button on a posted message: its action, its label, the payload the platform sends back
/// when it is pressed, and the command a console user types to do the same.
/// </summary>
public sealed record AlertButton(AlertAction Action, string Label, string Payload, string TypedCommand);
