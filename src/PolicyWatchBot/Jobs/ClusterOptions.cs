using System.ComponentModel.DataAnnotations;

namespace PolicyWatchBot.Jobs;

/// <summary>
/// How the instances sharing one PostgreSQL store watch each other (Quartz clustering). Each
/// instance checks in every <see cref="CheckinInterval"/>; one that has not checked in for
/// <see cref="CheckinInterval"/> plus <see cref="CheckinMisfireThreshold"/> counts as dead, and
/// another instance runs again what it was running. Unused on SQLite (one instance, in-memory scheduler).
/// </summary>
public sealed class ClusterOptions
{
    public const string Section = "PolicyWatch:Cluster";

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(10);

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan CheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(20);
}
