using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Feeds.Backfill;

/// <summary>What one poll's run of a history backfill did: its state after, the documents it stored and the pages it asked for.</summary>
public sealed record BackfillReport(FeedBackfill State, int Stored, int Pages);
