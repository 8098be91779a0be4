using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Mutes;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Delivery;

/// <summary>
/// When a mute ends (a command, or it runs out), offers the alerts it held back as one summary
/// message, not a flood: the channel's held alerts that no remaining mute holds go into one digest.
/// </summary>
internal sealed class HeldAlertRelease(IStore store, OutboxSignal outbox)
{
    /// <summary>Posts the channel's held alerts that nothing holds any more as one digest; returns it, or null when none.</summary>
    public async Task<AlertDigest?> ReleaseAsync(long channelId, IReadOnlyList<Mute> endedMutes, CancellationToken cancellationToken)
    {
        var active = await store.GetActiveMutesAsync(channelId, cancellationToken);
        var held = await store.GetHeldAlertsAsync(channelId, cancellationToken);
        var released = held.Where(a => !MuteRules.Holds(active, a.Message)).Select(a => a.Message).ToList();
        AlertDigest? digest = null;
        if (released.Count > 0)
        {
            digest = AlertDigest.Create(DigestReason.MuteEnded, released, endedMutes.Select(m => m.Target.ToString()).ToList());
            digest = digest with { DigestId = await store.AddDigestAsync(channelId, digest, cancellationToken) };
            outbox.Notify();
        }

        // Settled only after the digest is stored: a crash in between offers the alerts on the next sweep.
        foreach (var mute in endedMutes)
        {
            await store.MarkMuteSettledAsync(mute.Id, cancellationToken);
        }

        return digest;
    }

    /// <summary>Settles every mute that ended and was not settled yet (they ran out); returns how many digests were posted.</summary>
    public async Task<int> ReleaseLapsedAsync(CancellationToken cancellationToken)
    {
        var digests = 0;
        foreach (var channel in (await store.GetLapsedMutesAsync(cancellationToken)).GroupBy(l => l.ChannelId))
        {
            if (await ReleaseAsync(channel.Key, channel.Select(l => l.Mute).ToList(), cancellationToken) is not null)
            {
                digests++;
            }
        }

        return digests;
    }
}
