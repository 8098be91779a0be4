using PolicyWatchBot.Core.Threads;

namespace PolicyWatchBot.Core.Alerting;

/// <summary>Where a planned alert goes in its channel's threads: it starts thread <paramref name="ThreadId"/>, or is a reply in it.</summary>
public sealed record ThreadPlacement(long ThreadId, bool StartsThread, ThreadJoin Join);
