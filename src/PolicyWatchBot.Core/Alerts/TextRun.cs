namespace PolicyWatchBot.Core.Alerts;

/// <summary>A stretch of shown text, marked when a matched term is there.</summary>
public sealed record TextRun(string Text, bool Marked);
