using PolicyWatchBot.Core.Alerting;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Reminders;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Core.Threads;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

/// <summary>
/// Deadline reminders in the store: planned by a poll's alert from the channel's plan, listed, queued
/// once when due (behind the alert they are about), and planned again when the plan changes; run
/// against SQLite and PostgreSQL.
/// </summary>
public abstract class ReminderStoreTests : OutboxStoreTest
{
    private static readonly DateOnly CommentsClose = new(2026, 3, 20);

    private static readonly FeedItem Proposal = StoreTestData.Item("2026-04001", "Proposed export controls") with { CommentsCloseOn = CommentsClose, EffectiveOn = null };

    [StoreFact]
    public async Task Poll_AlertWithACommentDeadline_PlansTheChannelsRemindersInOrder()
    {
        var alert = await QueueProposalAsync();

        var coming = await Reminders.GetComingRemindersAsync(Channel, Ct);

        Assert.Equal(new[] { (7, DueAt(7)), (1, DueAt(1)) }, coming.Select(r => (r.DaysBefore, r.DueAt)));
        Assert.All(coming, r => Assert.Equal((alert, Deadline.CommentsClose, CommentsClose, "Proposed export controls"), (r.AlertId, r.Deadline, r.DeadlineOn, r.Title)));
        Assert.Equal(DueAt(7), await Reminders.GetNextReminderAtAsync(Ct));
    }

    [StoreFact]
    public async Task ReleaseDueRemindersAsync_Due_QueuesItOnceAndItIsClaimedAfterItsAlert()
    {
        var alert = await QueueProposalAsync();
        await StoreTestData.SendDueAsync(Store, Now);
        Clock.Advance(DueAt(7) - Now);

        var queued = await Reminders.ReleaseDueRemindersAsync(Now, Ct);
        var again = await Reminders.ReleaseDueRemindersAsync(Now, Ct);

        Assert.Equal((1, 0), (queued, again));
        var reminder = Assert.IsType<ReminderMessage>(Assert.Single(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct)).Post);
        Assert.Equal((alert, Deadline.CommentsClose, 7), (reminder.AlertId, reminder.Deadline, reminder.DaysBefore));
        Assert.Equal(DueAt(1), await Reminders.GetNextReminderAtAsync(Ct));
    }

    [StoreFact]
    public async Task SetRemindPlanAsync_NewPlan_PlansTheComingDeadlineAgainAndAuditsIt()
    {
        await QueueProposalAsync();

        var before = await Reminders.SetRemindPlanAsync(Channel, Deadline.CommentsClose, new RemindPlan([3], unackedOnly: false), StoreTestData.Ada, Ct);

        Assert.Equal(RemindPlan.DefaultComments, before);
        Assert.Equal(new[] { (3, DueAt(3)) }, (await Reminders.GetComingRemindersAsync(Channel, Ct)).Select(r => (r.DaysBefore, r.DueAt)));
        Assert.Equal(new[] { 3 }, (await Digests.GetChannelSettingsAsync(Channel, Ct)).Remind.Comments.DaysBefore);
        var audit = Assert.Single(await Audit.GetRecentAuditAsync(Channel, 10, Ct));
        Assert.Equal(("remind comments", RemindPlan.DefaultComments.ToString(), new RemindPlan([3], false).ToString()), (audit.Action, audit.Before, audit.After));
    }

    [StoreFact]
    public async Task SetRemindPlanAsync_SamePlan_ChangesAndAuditsNothing()
    {
        await QueueProposalAsync();

        await Reminders.SetRemindPlanAsync(Channel, Deadline.CommentsClose, RemindPlan.DefaultComments, StoreTestData.Ada, Ct);

        Assert.Equal(2, (await Reminders.GetComingRemindersAsync(Channel, Ct)).Count);
        Assert.Empty(await Audit.GetRecentAuditAsync(Channel, 10, Ct));
    }

    private protected static DateTimeOffset DueAt(int daysBefore) => ReminderTimes.DueAt(CommentsClose, daysBefore, SourceCalendar.FederalRegisterZone);

    /// <summary>A poll storing the proposal and queueing its alert for the channel; returns the alert's id.</summary>
    private protected async Task<string> QueueProposalAsync() =>
        (await StoreTestData.EnqueueAsync(Items, Channel, Proposal))[0];
}

public sealed class SqliteReminderStoreTests : ReminderStoreTests;

public sealed class PostgresReminderStoreTests : ReminderStoreTests, IPostgresStoreTest
{
    [StoreFact]
    public async Task ReleaseDueRemindersAsync_TwoInstancesAtOnce_QueueEachReminderOnce()
    {
        await QueueProposalAsync();
        Clock.Advance(DueAt(7) - Now);
        var other = (IReminderStore)OpenAnotherStore();

        var released = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => (i % 2 == 0 ? Reminders : other).ReleaseDueRemindersAsync(Now, Ct)));

        Assert.Equal(1, released.Sum());
        Assert.Equal(1L, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM reminders WHERE status = 'pending'"));
    }
}
