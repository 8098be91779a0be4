namespace PolicyWatchBot.Core.Storage;

/// <summary>The stored items of some feeds: how many are dated on or after a day, and the oldest date of any (null: none stored).</summary>
public sealed record StoredHistory(int ItemsSince, DateOnly? Oldest);
