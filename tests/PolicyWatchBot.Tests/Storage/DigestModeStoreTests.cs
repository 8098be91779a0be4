using PolicyWatchBot.Core.Alerting;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Digests;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Storage;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Storage;

/// <summary>
/// Digest mode in the store: a channel's schedule (audited), its due digests, and its held alerts
/// posted as one digest once per due time; run against SQLite and PostgreSQL.
/// </summary>
public abstract class DigestModeStoreTests : OutboxStoreTest
{
    private static readonly DigestSchedule Daily = new(DigestCadence.Daily, new TimeOnly(17, 0), "America/New_York");

    [StoreFact]
    public async Task SetDigestScheduleAsync_On_IsTheChannelsSettingAndAudited()
    {
        var next = Now.AddHours(12);

        var before = await Digests.SetDigestScheduleAsync(Channel, Daily, next, StoreTestData.Ada, Ct);

        Assert.Null(before);
        var settings = await Digests.GetChannelSettingsAsync(Channel, Ct);
        Assert.Equal((Daily, next), (settings.Digest, settings.NextDigestAt));
        Assert.Equal(next, await Digests.GetNextDigestAtAsync(Ct));
        var audit = Assert.Single(await Audit.GetRecentAuditAsync(Channel, 10, Ct));
        Assert.Equal(("digest", "off", Daily.ToString()), (audit.Action, audit.Before, audit.After));
    }

    [StoreFact]
    public async Task SetDigestScheduleAsync_Off_ClearsTheNextDigestAndReturnsTheScheduleBefore()
    {
        await Digests.SetDigestScheduleAsync(Channel, Daily, Now.AddHours(12), StoreTestData.Ada, Ct);

        var before = await Digests.SetDigestScheduleAsync(Channel, null, Now.AddHours(12), StoreTestData.Bob, Ct);

        Assert.Equal(Daily, before);
        Assert.Equal((null, null), ((await Digests.GetChannelSettingsAsync(Channel, Ct)).Digest, (await Digests.GetChannelSettingsAsync(Channel, Ct)).NextDigestAt));
        Assert.Null(await Digests.GetNextDigestAtAsync(Ct));
    }

    [StoreFact]
    public async Task ReleaseDigestAsync_DueTwice_PostsTheHeldAlertsOnceAsOneDigest()
    {
        var due = Now.AddHours(1);
        await Digests.SetDigestScheduleAsync(Channel, Daily, due, StoreTestData.Ada, Ct);
        var held = await HoldForDigestAsync(3);
        Clock.Advance(TimeSpan.FromHours(1));

        var waiting = (await Digests.GetDigestHeldAlertsAsync(Channel, Ct)).Select(a => a.Message.AlertId).ToList();
        var dueDigests = await Digests.GetDueDigestsAsync(Now, Ct);
        var first = await Digests.ReleaseDigestAsync(Channel, due, due.AddDays(1), Ct);
        var second = await Digests.ReleaseDigestAsync(Channel, due, due.AddDays(1), Ct);

        Assert.Equal(held, waiting);
        Assert.Equal(new DueDigest(Channel, Daily, due), Assert.Single(dueDigests));
        Assert.Equal((AlertId.ForDigest(1), (string?)null), (first, second));
        Assert.Empty(await Digests.GetDigestHeldAlertsAsync(Channel, Ct));
        var digest = Assert.IsType<AlertDigest>(Assert.Single(await Store.ClaimDueAsync(Owner, Now, Lease, 10, Ct)).Post);
        Assert.Equal(held, digest.Entries.Select(e => e.AlertId));
        Assert.Equal(due.AddDays(1), (await Digests.GetChannelSettingsAsync(Channel, Ct)).NextDigestAt);
    }

    [StoreFact]
    public async Task ReleaseDigestAsync_NothingHeld_PostsNothing()
    {
        Assert.Null(await Digests.ReleaseDigestAsync(Channel, dueAt: null, nextDigestAt: null, Ct));
        Assert.Equal(0, (await Store.GetOutboxCountsAsync(Ct)).PendingDigests);
    }

    /// <summary>A poll holding <paramref name="count"/> alerts for the channel's digest; returns their ids.</summary>
    private async Task<List<string>> HoldForDigestAsync(int count)
    {
        var items = StoreTestData.Items(count);
        var ids = new List<string>();
        await StorePolls.WriteAsync(Items, items[0].Feed, [], (state, _) =>
        {
            var alerts = items.Select((item, i) =>
            {
                var message = StoreTestData.Message(item) with { AlertId = AlertId.FromSequence(state.NextAlertSequence + i) };
                ids.Add(message.AlertId);
                return new PlannedAlert(Channel, item.Key, 1, state.NextAlertSequence + i, message, Held: false) { ForDigest = true };
            }).ToList();
            return new PollPlan { Feed = items[0].Feed, Revisions = [.. items.Select(i => new NewRevision(i, 1, RevisionKind.New, []))], Alerts = alerts };
        });
        return ids;
    }
}

public sealed class SqliteDigestModeStoreTests : DigestModeStoreTests;

public sealed class PostgresDigestModeStoreTests : DigestModeStoreTests, IPostgresStoreTest;
