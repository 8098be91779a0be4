namespace PolicyWatchBot.Core.Storage;

/// <summary>For <c>status</c>: a channel's latest alert and the alerts that could not be delivered.</summary>
public sealed record ChannelActivity(AlertRecord? LastAlert, IReadOnlyList<AlertRecord> Failed);
