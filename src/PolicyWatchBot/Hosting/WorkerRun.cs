namespace PolicyWatchBot.Hosting;

/// <summary>
/// The worker (<c>run</c>) serving a database: this process, or another one found through the
/// database's lock file (its pid, unknown where the platform hides it, and when it started).
/// </summary>
public sealed record WorkerRun(DateTimeOffset StartedAt, bool IsThisProcess, int? ProcessId);
