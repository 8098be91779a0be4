namespace PolicyWatchBot.Storage.Copy;

/// <summary>One table of a store copy: its rows in the source and in the target, counted in the copy's transactions.</summary>
internal sealed record CopiedTable(string Name, long SourceRows, long CopiedRows);
