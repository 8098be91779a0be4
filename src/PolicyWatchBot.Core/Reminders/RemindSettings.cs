namespace PolicyWatchBot.Core.Reminders;

/// <summary>A channel's reminders: comments 7 and 1 days before closing and effective 1 day before, unless it set others.</summary>
public sealed record RemindSettings(RemindPlan Comments, RemindPlan Effective)
{
    public static RemindSettings Default { get; } = new(RemindPlan.DefaultComments, RemindPlan.DefaultEffective);

    public RemindPlan For(Deadline deadline) => deadline == Deadline.CommentsClose ? Comments : Effective;

    public RemindSettings With(Deadline deadline, RemindPlan plan) => deadline == Deadline.CommentsClose ? this with { Comments = plan } : this with { Effective = plan };
}
