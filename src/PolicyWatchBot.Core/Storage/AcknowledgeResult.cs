using PolicyWatchBot.Core.Alerts;

namespace PolicyWatchBot.Core.Storage;

/// <summary>What acknowledging one alert (or every alert of a digest) did.</summary>
public abstract record AcknowledgeResult
{
    private AcknowledgeResult()
    {
    }

    /// <summary>No alert (or digest) with that id in this channel.</summary>
    public sealed record NotFound : AcknowledgeResult;

    /// <summary>It was acknowledged before; nothing changed.</summary>
    public sealed record AlreadyAcknowledged(Acknowledgement Existing) : AcknowledgeResult;

    /// <summary>Recorded; these alert ids were newly acknowledged and their message will be updated.</summary>
    public sealed record Acknowledged(IReadOnlyList<string> AlertIds) : AcknowledgeResult;
}
