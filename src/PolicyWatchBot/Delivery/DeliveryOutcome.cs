using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Delivery;

/// <summary>What a platform said to one send or update.</summary>
public abstract record DeliveryOutcome
{
    private DeliveryOutcome()
    {
    }

    /// <summary>
    /// Delivered; the platform's message id is kept so the message can be updated later. With
    /// <paramref name="StartedThread"/> a reply was posted as its thread's new parent, because the
    /// parent's message could not be found any more.
    /// </summary>
    public sealed record Sent(string? PlatformMessageId, bool StartedThread = false) : DeliveryOutcome;

    /// <summary>Not delivered now, worth trying again (outage, timeout, 5xx); <paramref name="After"/> overrides the backoff.</summary>
    public sealed record Retry(string Reason, TimeSpan? After = null) : DeliveryOutcome;

    /// <summary>
    /// Not tried at all (a rate limit said wait): due again after <paramref name="After"/>, and not
    /// counted as an attempt, so the backoff and the "did an earlier try get through?" check stay right.
    /// </summary>
    public sealed record Deferred(string Reason, TimeSpan After) : DeliveryOutcome;

    /// <summary>
    /// Cannot go now and retrying soon will not help until someone acts (a revoked token, the bot
    /// removed from the channel). Every pending post of the <paramref name="Scope"/> is parked with
    /// the reason, shown in status, and tried again now and then; it resumes as soon as a post of
    /// the scope gets through or someone runs a command in the channel. Nothing is dropped.
    /// </summary>
    public sealed record Parked(string Reason, ParkScope Scope) : DeliveryOutcome;

    /// <summary>
    /// Never deliverable: kept as failed with the reason and listed in status. With
    /// <paramref name="WholeChannel"/> (channel deleted or archived) every post waiting for the
    /// channel fails with it.
    /// </summary>
    public sealed record Failed(string Reason, bool WholeChannel = false) : DeliveryOutcome;
}
