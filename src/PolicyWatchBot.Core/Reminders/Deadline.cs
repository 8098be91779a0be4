namespace PolicyWatchBot.Core.Reminders;

/// <summary>The dates of an action a channel is reminded of.</summary>
public enum Deadline
{
    /// <summary>The comment period closes (Federal Register <c>comments_close_on</c>).</summary>
    CommentsClose,

    /// <summary>The rule takes effect (<c>effective_on</c>).</summary>
    Effective,
}

public static class DeadlineNames
{
    /// <summary>The word commands use: <c>comments</c> or <c>effective</c>.</summary>
    public static string Word(this Deadline deadline) => deadline == Deadline.CommentsClose ? "comments" : "effective";

    /// <summary>How the date reads in a sentence: "comments close" or "effective".</summary>
    public static string Label(this Deadline deadline) => deadline == Deadline.CommentsClose ? "comments close" : "takes effect";

    public static Deadline? FromWord(string word) => word.ToLowerInvariant() switch
    {
        "comments" or "comment" => Deadline.CommentsClose,
        "effective" => Deadline.Effective,
        _ => null,
    };
}
