namespace PolicyWatchBot.Storage.Copy;

/// <summary>Why a store copy stopped (a value the target's column cannot hold, row counts that differ), said for the person running it; nothing was committed.</summary>
internal sealed class StoreCopyException(string message) : Exception(message);
