using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Mutes;

namespace PolicyWatchBot.Core.Storage;

/// <summary>Mutes, and the alerts they hold.</summary>
public interface IMuteStore
{
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
}
