namespace PolicyWatchBot.Core.Replies;

/// <summary>The platform-neutral answer to a command: who sees it, whether it succeeded, and its lines.</summary>
public sealed record ChatReply(ReplyVisibility Visibility, ReplyOutcome Outcome, IReadOnlyList<ReplyLine> Lines)
{
    public static ChatReply Ephemeral(params ReplyLine[] lines) => new(ReplyVisibility.Ephemeral, ReplyOutcome.Done, lines);

    public static ChatReply Announcement(params ReplyLine[] lines) => new(ReplyVisibility.Channel, ReplyOutcome.Done, lines);

    /// <summary>Bad input: one line saying what is wrong, then (optionally) the usage of the closest verb.</summary>
    public static ChatReply Invalid(string problem, string? usage = null) =>
        new(ReplyVisibility.Ephemeral, ReplyOutcome.Invalid,
            usage is null ? [ReplyLine.Of(problem)] : [ReplyLine.Of(problem), ReplyLine.Of("usage: ", new Inline.Code(usage))]);

    public static ChatReply Refused(string why) => new(ReplyVisibility.Ephemeral, ReplyOutcome.Refused, [ReplyLine.Of(why)]);

    public bool Succeeded => Outcome == ReplyOutcome.Done;

    public override string ToString() => string.Join('\n', Lines);
}
