using PolicyWatchBot.Hosting;

namespace PolicyWatchBot.Chat;

/// <summary>
/// This bot, for <c>status</c>: its version and the worker serving the channels. In the worker
/// (and a host that stands for it) that is this process, since it started; in a one-shot verb
/// (<c>chat</c>) it is the run holding the database's lock, or none, never the verb's own process.
/// </summary>
internal sealed class BotInstance
{
    private readonly Func<WorkerRun?> _worker;

    public BotInstance(TimeProvider time)
    {
        var started = new WorkerRun(time.GetUtcNow(), IsThisProcess: true, Environment.ProcessId);
        _worker = () => started;
    }

    private BotInstance(Func<WorkerRun?> worker)
    {
        _worker = worker;
    }

    public string Version { get; } = ProgramVersion.Text;

    /// <summary>The worker now, or null when none runs on this database.</summary>
    public WorkerRun? Worker => _worker();

    /// <summary>For a one-shot verb on the database file (null: in memory, where no other process can run).</summary>
    public static BotInstance OneShot(string? databasePath) => new(() => databasePath is null ? null : InstanceLock.Holder(databasePath));
}
