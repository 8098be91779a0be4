using PolicyWatchBot.Storage;
using Quartz;

namespace PolicyWatchBot.Jobs;

/// <summary>
/// Where the Quartz scheduler keeps its jobs and triggers. On SQLite, in memory: one instance, and
/// the schedules are rebuilt from the feed files at every start. On PostgreSQL, in Quartz's own
/// tables of the same database (created by our migration Storage/Postgres/Migrations/0005_quartz.sql, only validated here),
/// clustered: every instance runs the scheduler <see cref="SchedulerName"/> under its own
/// <c>PolicyWatch:InstanceId</c>, so each firing runs on one of them and a dead instance's work is
/// taken over by another.
/// </summary>
internal static class SchedulerStore
{
    /// <summary>The scheduler's name, the same on every instance: it keys every row of Quartz's tables.</summary>
    public const string SchedulerName = "policywatch";

    /// <summary>The prefix of Quartz's tables, as our migration creates them.</summary>
    public const string TablePrefix = "qrtz_";

    public static void Configure(IQuartzBuilder quartz, StorageOptions storage, ClusterOptions cluster, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(quartz);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(cluster);
        quartz.ConfigureScheduler(s =>
        {
            s.InstanceName = SchedulerName;
            s.InstanceId = instanceId;
        });
        quartz.UseDefaultThreadPool(maxConcurrency: 4);
        if (!storage.IsPostgres)
        {
            quartz.UseInMemoryStore();
            return;
        }

        // An instance that found nothing to fire sleeps up to this long before it looks again; while
        // another instance holds the work that is fine, but when that instance stops, its schedules
        // should move over within a check-in, not Quartz's default 30 s.
        quartz.ConfigureScheduler(s => s.IdleWaitTime = cluster.CheckinInterval);
        quartz.UsePersistentStore(store =>
        {
            store.UsePostgres(storage.ConnectionString);
            store.UseSystemTextJsonSerializer();
            store.UseClustering(c =>
            {
                c.CheckinInterval = cluster.CheckinInterval;
                c.CheckinMisfireThreshold = cluster.CheckinMisfireThreshold;
            });
            store.ConfigureStore(o =>
            {
                o.TablePrefix = TablePrefix;
                // Every JobDataMap value is a string (a feed id): readable rows, no serialized types to version.
                o.StoreJobDataAsStrings = true;
                // The tables come from our migrator; the store only checks that they are all there.
                o.SchemaProvisioning = SchemaProvisioning.Validate;
            });
        });
    }
}
