using PolicyWatchBot.Core.Alerting;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Channels;
using PolicyWatchBot.Core.Digests;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Mutes;
using PolicyWatchBot.Core.Reminders;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Core.Search;
using PolicyWatchBot.Core.Watchlists;

namespace PolicyWatchBot.Core.Storage;

/// <summary>
/// Durable state: feed health, item history, channels with their subscriptions, rules and mutes,
/// the audit log, and the outbox. SQLite is the embedded implementation; PostgreSQL implements
/// the same contract for scale-out. Every change to a channel's setup writes its audit row in the
/// same transaction; "now" is the store's TimeProvider.
/// </summary>
public interface IStore : IFeedStateStore
{
    Task MigrateAsync(CancellationToken cancellationToken);

    Task<bool> PingAsync(CancellationToken cancellationToken);

    // Items.
    /// <summary>The keys among these that the store has seen, through any feed.</summary>
    Task<IReadOnlySet<ItemKey>> FilterKnownAsync(IReadOnlyCollection<ItemKey> keys, CancellationToken cancellationToken);

    /// <summary>The latest stored revision of each of these items the store has, through any feed (without its full text).</summary>
    Task<IReadOnlyDictionary<ItemKey, FeedItem>> GetLatestItemsAsync(IReadOnlyCollection<ItemKey> keys, CancellationToken cancellationToken);

    /// <summary>The full text stored with the item's latest revision that has one (item_bodies), with whether it was cut at the cap.</summary>
    Task<(string Body, bool Truncated)?> GetLatestBodyAsync(ItemKey item, CancellationToken cancellationToken);

    /// <summary>Starts a poll's read-plan-write under the store's write lock (see <see cref="IPollSession"/>).</summary>
    Task<IPollSession> BeginPollAsync(CancellationToken cancellationToken);

    Task<int> CountRevisionsAsync(ItemKey item, CancellationToken cancellationToken);

    /// <summary>
    /// The latest revision of every item carried by one of these feeds and dated on or after
    /// <paramref name="since"/> (publication date, else the day first seen), one row at a time in no
    /// particular order: nothing is sorted or held, so a million items cost what one does.
    /// </summary>
    /// <param name="withBodies">Also read each item's stored full text (<see cref="Items.FeedItem.Body"/>, its newest), for an expression that searches <c>body:</c>.</param>
    IAsyncEnumerable<BacktestItem> StreamItemsSinceAsync(IReadOnlyCollection<FeedId> feeds, DateOnly since, CancellationToken cancellationToken, bool withBodies = false);

    /// <summary>
    /// As <see cref="StreamItemsSinceAsync(IReadOnlyCollection{FeedId}, DateOnly, CancellationToken, bool)"/>, only
    /// the items that may meet <paramref name="candidates"/> (found in the store's term index; at least
    /// every item that meets it); null: every item.
    /// </summary>
    IAsyncEnumerable<BacktestItem> StreamItemsSinceAsync(IReadOnlyCollection<FeedId> feeds, DateOnly since, TermQuery? candidates, CancellationToken cancellationToken, bool withBodies = false);

    /// <summary>How many items the stream with <paramref name="candidates"/> yields (for progress).</summary>
    Task<int> CountItemsSinceAsync(IReadOnlyCollection<FeedId> feeds, DateOnly since, TermQuery candidates, CancellationToken cancellationToken);

    /// <summary>How many items <see cref="StreamItemsSinceAsync(IReadOnlyCollection{FeedId}, DateOnly, CancellationToken, bool)"/> yields (for progress), and how far back these feeds' stored items go.</summary>
    Task<StoredHistory> DescribeHistoryAsync(IReadOnlyCollection<FeedId> feeds, DateOnly since, CancellationToken cancellationToken);

    // Channels, subscriptions and rules. Each change returns whether it changed anything and audits only then.
    Task<long> EnsureChannelAsync(ChannelKey key, string displayName, CancellationToken cancellationToken);

    /// <summary>Subscribes to a feed id, a <c>#tag</c> or <c>all</c>; true when it was not subscribed yet.</summary>
    Task<bool> AddSubscriptionAsync(long channelId, string target, Actor actor, CancellationToken cancellationToken);

    /// <summary>Subscribes to every target in one transaction (all or none); returns those not subscribed yet.</summary>
    Task<IReadOnlyList<string>> AddSubscriptionsAsync(long channelId, IReadOnlyList<string> targets, Actor actor, CancellationToken cancellationToken);

    Task<bool> RemoveSubscriptionAsync(long channelId, string target, Actor actor, CancellationToken cancellationToken);

    /// <summary>Unsubscribes from every target in one transaction (all or none); returns those that were subscribed.</summary>
    Task<IReadOnlyList<string>> RemoveSubscriptionsAsync(long channelId, IReadOnlyList<string> targets, Actor actor, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> GetSubscriptionsAsync(long channelId, CancellationToken cancellationToken);

    /// <summary>Adds a new rule; false (and nothing written) when the channel has a rule of that name.</summary>
    Task<bool> AddRuleAsync(long channelId, RuleDefinition rule, Actor actor, CancellationToken cancellationToken);

    /// <summary>Replaces a rule's expression; returns the expression before, or null when there is no such rule.</summary>
    Task<string?> ReplaceRuleAsync(long channelId, RuleDefinition rule, Actor actor, CancellationToken cancellationToken);

    /// <summary>Adds the rule or replaces its expression (configuration); false when it already had that expression.</summary>
    Task<bool> UpsertRuleAsync(long channelId, RuleDefinition rule, Actor actor, CancellationToken cancellationToken);

    /// <summary>Deletes a rule; returns its expression, or null when there is no such rule.</summary>
    Task<string?> RemoveRuleAsync(long channelId, string name, Actor actor, CancellationToken cancellationToken);

    /// <summary>The channel's rules by name, with whether each is urgent and who it notifies.</summary>
    Task<IReadOnlyList<RuleDefinition>> GetRulesAsync(long channelId, CancellationToken cancellationToken);

    /// <summary>Makes a rule urgent or not; returns the rule as it was, or null when there is no such rule. Audited when it changes.</summary>
    Task<RuleDefinition?> SetRuleUrgentAsync(long channelId, string name, bool urgent, Actor actor, CancellationToken cancellationToken);

    /// <summary>Sets (or with null clears) who a rule's urgent alerts ping; returns the rule as it was, or null when there is no such rule. Audited when it changes.</summary>
    Task<RuleDefinition?> SetRuleNotifyAsync(long channelId, string name, Mention? notify, Actor actor, CancellationToken cancellationToken);

    /// <summary>Sets the channel's flood threshold; returns the one before. Audited when it changes.</summary>
    Task<int> SetFloodThresholdAsync(long channelId, int threshold, Actor actor, CancellationToken cancellationToken);

    /// <summary>How many of the channel's alerts created since then each rule matched (muted ones included), by rule name.</summary>
    Task<IReadOnlyDictionary<string, int>> CountRuleHitsAsync(long channelId, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>
    /// A number that changes whenever a channel, a subscription or a rule is added, changed or removed,
    /// so compiled rules are rebuilt only then.
    /// </summary>
    Task<long> GetSetupVersionAsync(CancellationToken cancellationToken);

    /// <summary>Every channel with its subscriptions and rules (by name), ordered by channel id, and the setup version they were read at.</summary>
    Task<(IReadOnlyList<ChannelSetup> Channels, long Version)> GetChannelSetupsAsync(CancellationToken cancellationToken);

    // Mutes.

    /// <summary>Mutes the target until then, replacing an active mute of the same target; returns the replaced mute, if any.</summary>
    Task<Mute?> AddMuteAsync(long channelId, MuteTarget target, DateTimeOffset until, Actor actor, CancellationToken cancellationToken);

    /// <summary>
    /// Mutes every target until then in one transaction (all or none), with the notice on the alert
    /// whose button was pressed, if any; returns the mutes replaced.
    /// </summary>
    Task<IReadOnlyList<Mute>> AddMutesAsync(
        long channelId, IReadOnlyList<MuteTarget> targets, DateTimeOffset until, Actor actor, (string AlertId, MuteNotice Notice)? noticeOn, CancellationToken cancellationToken);

    /// <summary>Ends the active mute of the target now; returns it, or null when the target was not muted.</summary>
    Task<Mute?> EndMuteAsync(long channelId, MuteTarget target, Actor actor, CancellationToken cancellationToken);

    Task<IReadOnlyList<Mute>> GetActiveMutesAsync(long channelId, CancellationToken cancellationToken);

    /// <summary>Mutes that ended (ran out, or ended by a command) whose held alerts were not settled yet, oldest first.</summary>
    Task<IReadOnlyList<(long ChannelId, Mute Mute)>> GetLapsedMutesAsync(CancellationToken cancellationToken);

    /// <summary>Records that a lapsed or ended mute's held alerts were dealt with.</summary>
    Task MarkMuteSettledAsync(long muteId, CancellationToken cancellationToken);

    /// <summary>When the next active mute runs out, or null when none is active.</summary>
    Task<DateTimeOffset?> GetNextMuteEndAsync(CancellationToken cancellationToken);

    /// <summary>The channel's alerts held back by mutes (status muted), oldest first.</summary>
    Task<IReadOnlyList<AlertRecord>> GetHeldAlertsAsync(long channelId, CancellationToken cancellationToken);

    // Digest mode.

    /// <summary>
    /// Puts the channel in digest mode on that schedule with its next digest at <paramref name="nextDigestAt"/>,
    /// or with null back in live mode; returns the schedule before. Audited when it changes.
    /// </summary>
    Task<DigestSchedule?> SetDigestScheduleAsync(long channelId, DigestSchedule? schedule, DateTimeOffset? nextDigestAt, Actor actor, CancellationToken cancellationToken);

    /// <summary>The channel's flood threshold, digest schedule and next digest time.</summary>
    Task<ChannelSettings> GetChannelSettingsAsync(long channelId, CancellationToken cancellationToken);

    /// <summary>The channels in digest mode whose next digest is due at or before <paramref name="now"/>.</summary>
    Task<IReadOnlyList<DueDigest>> GetDueDigestsAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>When the next digest of any channel is due, or null when no channel is in digest mode.</summary>
    Task<DateTimeOffset?> GetNextDigestAtAsync(CancellationToken cancellationToken);

    /// <summary>The channel's alerts held for its digest, oldest first.</summary>
    Task<IReadOnlyList<AlertRecord>> GetDigestHeldAlertsAsync(long channelId, CancellationToken cancellationToken);

    /// <summary>
    /// Posts the channel's held alerts as one digest (by feed, then rule) and sets its next digest
    /// time, in one transaction and once: with <paramref name="dueAt"/>, nothing happens unless the
    /// channel's next digest is still that time (another worker, or a retry, did it). Returns the
    /// digest's id, or null when nothing was held or it was done already.
    /// </summary>
    Task<string?> ReleaseDigestAsync(long channelId, DateTimeOffset? dueAt, DateTimeOffset? nextDigestAt, CancellationToken cancellationToken);

    // Deadline reminders. A poll's write records each alert's comment-close and effective dates
    // (per channel and item) and plans their reminders by the channel's settings; a changed date
    // moves them.

    /// <summary>
    /// Sets when the channel is reminded of one kind of deadline, and re-plans the reminders of its
    /// coming deadlines of that kind; returns the plan before. Audited when it changes.
    /// </summary>
    Task<RemindPlan> SetRemindPlanAsync(long channelId, Deadline deadline, RemindPlan plan, Actor actor, CancellationToken cancellationToken);

    /// <summary>The channel's reminders still to come, the soonest first.</summary>
    Task<IReadOnlyList<ComingReminder>> GetComingRemindersAsync(long channelId, CancellationToken cancellationToken);

    /// <summary>
    /// Queues every reminder due at or before <paramref name="now"/> for sending, once: a reminder is
    /// queued or skipped (its deadline passed, a later reminder of the same deadline is due too, or
    /// the channel skips acknowledged alerts and this one was acknowledged) in one transaction.
    /// Returns how many were queued.
    /// </summary>
    Task<int> ReleaseDueRemindersAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>When the next reminder of any channel falls due, or null when none is planned.</summary>
    Task<DateTimeOffset?> GetNextReminderAtAsync(CancellationToken cancellationToken);

    // Watchlists: the names a channel screens for, and its match threshold. Each change is audited.

    /// <summary>Adds the entry, or replaces the aliases and country of the channel's entry of that name; returns the entry before, or null when it is new.</summary>
    Task<WatchlistEntry?> SaveWatchlistEntryAsync(long channelId, WatchlistEntry entry, Actor actor, CancellationToken cancellationToken);

    /// <summary>Saves every entry as <see cref="SaveWatchlistEntryAsync"/> does, in one transaction (all or none).</summary>
    Task<WatchlistImport> ImportWatchlistAsync(long channelId, IReadOnlyList<WatchlistEntry> entries, Actor actor, CancellationToken cancellationToken);

    /// <summary>Removes the channel's entry of that name (any case); returns it, or null when there is none.</summary>
    Task<WatchlistEntry?> RemoveWatchlistEntryAsync(long channelId, string name, Actor actor, CancellationToken cancellationToken);

    /// <summary>The channel's entries by name, and its threshold.</summary>
    Task<ChannelWatchlist> GetWatchlistAsync(long channelId, CancellationToken cancellationToken);

    /// <summary>Sets the channel's match threshold; returns the one before.</summary>
    Task<double> SetWatchThresholdAsync(long channelId, double threshold, Actor actor, CancellationToken cancellationToken);

    // Alerts, digests and acknowledgements.

    /// <summary>The alert with this public id in this channel, or null (an id of another channel is not found).</summary>
    Task<AlertRecord?> FindAlertAsync(long channelId, string alertId, CancellationToken cancellationToken);

    /// <summary>
    /// Adds a digest posting these alerts as one message, outside a poll (a mute's held alerts);
    /// the alerts become grouped and are delivered through it. Returns the digest's id.
    /// </summary>
    Task<string> AddDigestAsync(long channelId, AlertDigest digest, CancellationToken cancellationToken);

    /// <summary>
    /// Acknowledges an alert, or with a digest id every alert of that digest not acknowledged yet,
    /// audits it, and queues the update of the message that shows it (when it was sent already).
    /// </summary>
    Task<AcknowledgeResult> AcknowledgeAsync(long channelId, string id, Acknowledgement acknowledgement, CancellationToken cancellationToken);

    /// <summary>
    /// Records on an alert that its Mute rule / Mute feed button was pressed, and queues the update
    /// of its message when it was sent on its own; false when the channel has no such alert.
    /// </summary>
    Task<bool> RecordMuteNoticeAsync(long channelId, string alertId, MuteNotice notice, CancellationToken cancellationToken);

    Task<ChannelActivity> GetChannelActivityAsync(long channelId, CancellationToken cancellationToken);

    // Audit.
    Task<IReadOnlyList<AuditEntry>> GetRecentAuditAsync(long channelId, int max, CancellationToken cancellationToken);

    /// <summary>Writes an audit row for something that is not a setup change of its own (a refused command is not audited).</summary>
    Task AppendAuditAsync(long channelId, Actor actor, string action, string? before, string? after, CancellationToken cancellationToken);

    // Feed health notices: a feed's trouble and its recovery, told once to the channels that rely on it.

    /// <summary>The feed's trouble its channels were told of and not yet told is over, or null.</summary>
    Task<FeedOutage?> GetOpenOutageAsync(FeedId feed, CancellationToken cancellationToken);

    /// <summary>Every feed's open outage (at most one a feed), for <c>/healthz</c>.</summary>
    Task<IReadOnlyList<FeedOutage>> GetOpenOutagesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Records that the feed is in trouble (<see cref="FeedHealthNotice.Change"/> Failing or Empty)
    /// and queues the notice to each of these channels, in one transaction and once: false, and
    /// nothing written, when an outage of the feed is open already.
    /// </summary>
    Task<bool> OpenOutageAsync(FeedId feed, FeedHealthNotice notice, IReadOnlyCollection<long> channelIds, CancellationToken cancellationToken);

    /// <summary>
    /// Ends the feed's open outage and queues the recovery notice to every channel told of it and to
    /// each of <paramref name="subscriberIds"/> (those who subscribed during it were told by the
    /// subscribe reply), in one transaction and once; returns how many notices were queued, or null
    /// when no outage was open.
    /// </summary>
    Task<int?> CloseOutageAsync(FeedId feed, FeedHealthNotice notice, IReadOnlyCollection<long> subscriberIds, CancellationToken cancellationToken);

    // The outbox: alerts and digests to send, and sent messages to update.

    /// <summary>
    /// Claims due work, oldest first. A channel's sends go strictly in order: a send is not claimed
    /// while an older send of its channel waits (not due yet, parked, or claimed by another worker).
    /// </summary>
    Task<IReadOnlyList<OutboxEntry>> ClaimDueAsync(string owner, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Gives back every lease <paramref name="owner"/> holds (a worker stopping mid-delivery), so the
    /// next worker takes those posts at once instead of after the lease; a send that was under way
    /// is found by the platform check every further attempt makes. Returns how many were given back.
    /// </summary>
    Task<int> ReleaseClaimsAsync(string owner, CancellationToken cancellationToken);

    /// <summary>Done: a send records the platform's message id (a digest's alerts become sent with it); an update clears the pending update.</summary>
    Task MarkSentAsync(OutboxRef entry, string owner, string? platformMessageId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="MarkSentAsync(OutboxRef, string, string?, DateTimeOffset, CancellationToken)"/>; with
    /// <paramref name="startedThread"/> the alert was posted as its thread's new parent (the old parent's
    /// message was gone), and the thread's later replies go under it.
    /// </summary>
    Task MarkSentAsync(OutboxRef entry, string owner, string? platformMessageId, bool startedThread, DateTimeOffset at, CancellationToken cancellationToken);

    Task MarkRetryAsync(OutboxRef entry, string owner, DateTimeOffset nextAttemptAt, string reason, CancellationToken cancellationToken);

    /// <summary>Not tried (a rate limit, or waiting behind an older post of its channel): due again at <paramref name="at"/>, the claim not counted as an attempt.</summary>
    Task MarkDeferredAsync(OutboxRef entry, string owner, DateTimeOffset at, string reason, CancellationToken cancellationToken);

    /// <summary>A send becomes parked with the reason and is probed again at <paramref name="probeAt"/>; an update just waits until then.</summary>
    Task MarkParkedAsync(OutboxRef entry, string owner, ParkScope scope, DateTimeOffset probeAt, string reason, CancellationToken cancellationToken);

    /// <summary>Parks every unclaimed pending send of the channel, or with <see cref="ParkScope.Platform"/> of every channel of its platform; returns how many.</summary>
    Task<int> ParkPendingAsync(ChannelKey channel, ParkScope scope, DateTimeOffset probeAt, string reason, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the sends parked for the channel due now (someone used the channel). With
    /// <see cref="ParkScope.Platform"/> (a send there just got through) every parked send of the
    /// channel, and those parked for its whole platform. Returns how many.
    /// </summary>
    Task<int> ResumeParkedAsync(ChannelKey channel, ParkScope widest, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Fails every unclaimed pending or parked send of the channel (it is gone or archived); returns how many.</summary>
    Task<int> FailUnsentAsync(ChannelKey channel, string reason, DateTimeOffset now, CancellationToken cancellationToken);

    Task<IReadOnlyList<ParkedPosts>> GetParkedAsync(CancellationToken cancellationToken);

    /// <summary>Never deliverable: a send becomes failed with the reason; an update is given up (the message stays as it was).</summary>
    Task MarkFailedAsync(OutboxRef entry, string owner, string reason, CancellationToken cancellationToken);

    /// <summary>
    /// When the next post can be claimed: the earliest due time of each channel's oldest unsent
    /// post (later ones wait behind it) and of every asked-for update; null when nothing waits.
    /// </summary>
    Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken);

    /// <summary>Every send and update not done yet, grouped by channel, state and last reason, earliest try first within a channel.</summary>
    Task<IReadOnlyList<WaitingPosts>> GetWaitingAsync(CancellationToken cancellationToken);

    /// <summary>Posts by state: alerts and reminders (a reminder counts once it is due), digests apart.</summary>
    Task<OutboxCounts> GetOutboxCountsAsync(CancellationToken cancellationToken);
}
