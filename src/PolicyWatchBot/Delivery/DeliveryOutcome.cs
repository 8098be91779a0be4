namespace PolicyWatchBot.Delivery;

/// <summary>What a platform said to one send.</summary>
public abstract record DeliveryOutcome
{
    private DeliveryOutcome()
    {
    }

    /// <summary>Delivered; the platform's message id is kept so the message can be updated later.</summary>
    public sealed record Sent(string? PlatformMessageId) : DeliveryOutcome;

    /// <summary>Not delivered now, worth trying again (outage, rate limit); <paramref name="After"/> overrides the backoff.</summary>
    public sealed record Retry(string Reason, TimeSpan? After = null) : DeliveryOutcome;

    /// <summary>Never deliverable (channel deleted or archived): kept as failed, listed in status.</summary>
    public sealed record Failed(string Reason) : DeliveryOutcome;
}
